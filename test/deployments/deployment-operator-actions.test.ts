import { Client } from 'pg';
import type { DeploymentView } from '@edgeplane/contracts';
import { startController, TestController } from '../support/controller';
import { deploymentRequest, stopDeploymentRig } from '../support/deployments';
import { Api, api, keyWithRole } from '../support/http';
import { RunningProcess } from '../support/processes';
import { SimulatedDevice } from '../support/simulated-device';
import { compiledClassifier, eventually } from '../fleet/fleet-fixture';

const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
/** Gates no wave here fails unless a test says otherwise: these devices send no telemetry. */
const LENIENT_GATES = { maxFailedPercent: 100, maxErrorRate: 1, maxP95LatencyMs: 100_000, minReportedPercent: 0 };
const UNKNOWN_ID = '0190d1a6-0000-7000-8000-000000000000';
const ACTIONS = ['pause', 'resume', 'abort', 'promote'] as const;

/**
 * Operator actions (pause, resume, abort, promote) on deployments executed by the real controller over
 * real Mosquitto, Redis and PostgreSQL, to simulated devices, with real compiled variants.
 */
describe('operator actions on deployments', () => {
  let controller: TestController;
  let admin: Api;
  let operator: Api;
  let viewer: Api;
  let operatorKeyId: string;
  let compiler: RunningProcess | undefined;
  let variants: Record<string, string>;
  const devices: SimulatedDevice[] = [];

  const device = async (group: string, hardwareProfile: string, { connect = true, failWith = null as string | null } = {}) => {
    const { body } = await admin.post('/devices', { name: `${group}-${devices.length}-${hardwareProfile}`, hardwareProfile, labels: { group } }).expect(201);
    if (connect) {
      const simulated = await SimulatedDevice.connect(BROKER, body.device.id, body.credentials.secret);
      devices.push(simulated);
      await simulated.online();
      simulated.applyDesiredStates({ failWith });
    }
    return { id: body.device.id as string, hardwareProfile };
  };
  const deploy = async (overrides: Record<string, unknown>): Promise<DeploymentView> =>
    (await operator.post('/deployments', deploymentRequest({ gates: LENIENT_GATES, ...overrides })).expect(201)).body;
  const view = async (id: string): Promise<DeploymentView> => (await admin.get(`/deployments/${id}`).expect(200)).body;
  const waitFor = (id: string, what: string, done: (deployment: DeploymentView) => boolean, timeoutMs = 15_000) =>
    eventually(async () => {
      const body = await view(id);
      return done(body) ? body : undefined;
    }, `deployment ${id}: ${what}`, timeoutMs);
  const act = (id: string, action: (typeof ACTIONS)[number], as = operator) => as.post(`/deployments/${id}/${action}`);
  const desiredOf = async (id: string) => (await admin.get(`/devices/${id}/desired`).expect(200)).body as { revision: number; assignments: { variantId: string; deploymentId: string | null }[] };
  const eventsOf = (deployment: DeploymentView, type: string) => deployment.timeline.filter((event) => event.type === type);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    controller = await startController();
    admin = api(controller, controller.adminToken);
    operator = api(controller, await keyWithRole(admin, 'operator', 'ops-alice'));
    viewer = api(controller, await keyWithRole(admin, 'viewer', 'watcher'));
    operatorKeyId = (await admin.get('/api-keys').expect(200)).body.find((key: { name: string }) => key.name === 'ops-alice').id;
    ({ variants, compiler } = await compiledClassifier(controller, admin, ['cpu', 'gpu']));
  }, 90_000);
  afterAll(() => stopDeploymentRig(devices, compiler, controller));

  it('holds a paused deployment after its bake, and completes it once resumed', async () => {
    for (const profile of ['cpu', 'gpu']) await device('pause', profile);
    const created = await deploy({ target: { selector: 'group=pause' }, strategy: { kind: 'waves', waves: [{ count: 1, bakeSeconds: 2 }, { bakeSeconds: 0 }] } });
    await waitFor(created.id, 'wave 0 baking', (body) => body.waves[0].state === 'baking');

    const paused: DeploymentView = (await act(created.id, 'pause').expect(200)).body;
    expect(paused.state).toBe('paused');
    // The bake ends 2 s after it began; for a few seconds past that, nothing moves.
    for (let probe = 0; probe < 8; probe++) {
      await sleep(500);
      const body = await view(created.id);
      expect([body.state, body.waves[0].state, body.waves[1].state]).toEqual(['paused', 'baking', 'pending']);
    }
    expect((await act(created.id, 'pause').expect(409)).body).toMatchObject({ code: 'deployment.invalid_state', state: 'paused' });
    expect((await act(created.id, 'promote').expect(409)).body).toMatchObject({ code: 'deployment.invalid_state', state: 'paused' });

    expect((await act(created.id, 'resume').expect(200)).body.state).toBe('running');
    const done = await waitFor(created.id, 'completed', (body) => !['running', 'paused'].includes(body.state));

    expect(done.state).toBe('completed');
    expect(done.waves.map((wave) => wave.state)).toEqual(['passed', 'passed']);
    for (const entry of done.waves.flatMap((wave) => wave.devices)) expect(entry.status).toBe('active');
    const types = done.timeline.map((event) => event.type);
    expect(types.indexOf('paused')).toBeLessThan(types.indexOf('resumed'));
    expect(types.indexOf('resumed')).toBeLessThan(types.lastIndexOf('wave_started'));
    for (const type of ['paused', 'resumed']) {
      expect(eventsOf(done, type)).toEqual([expect.objectContaining({ actor: { keyId: operatorKeyId, name: 'ops-alice' }, at: expect.any(String) })]);
    }
    for (const action of ACTIONS) {
      expect((await act(created.id, action).expect(409)).body).toMatchObject({ code: 'deployment.invalid_state', state: 'completed' });
    }
  }, 30_000);

  it('keeps a paused deployment paused past its deadline, and times out its silent devices once resumed', async () => {
    const reporting = await device('late', 'cpu');
    const silent = await device('late', 'gpu', { connect: false });
    const created = await deploy({ target: { selector: 'group=late' }, strategy: { kind: 'all-at-once', bakeSeconds: 0 }, deadlineSeconds: 5 });
    await waitFor(created.id, 'the reporting device active', (body) => body.waves[0].devices.some((entry) => entry.deviceId === reporting.id && entry.status === 'active'));
    await act(created.id, 'pause').expect(200);

    // Past the deadline nothing moves while paused: the engine acts only on what an operator asks.
    await sleep(Math.max(0, Date.parse(created.startedAt!) + 6_000 - Date.now()));
    const held = await view(created.id);
    expect(held.state).toBe('paused');
    expect(held.waves[0].devices.find((entry) => entry.deviceId === silent.id)!.status).toBe('applying');

    await act(created.id, 'resume').expect(200);
    const done = await waitFor(created.id, 'completed', (body) => body.state === 'completed');
    expect(done.waves[0].devices.find((entry) => entry.deviceId === silent.id)).toMatchObject({ status: 'timed_out', statusReason: expect.stringContaining('not active by the deadline') });
  }, 30_000);

  it('ends a long bake at once when promoted, judges the gates and completes', async () => {
    for (const profile of ['cpu', 'gpu']) await device('promote', profile);
    const created = await deploy({ target: { selector: 'group=promote' }, strategy: { kind: 'waves', waves: [{ count: 1, bakeSeconds: 600 }, { bakeSeconds: 600 }] } });
    await waitFor(created.id, 'wave 0 baking', (body) => body.waves[0].state === 'baking');
    const promotedAt = Date.now();

    expect((await act(created.id, 'promote').expect(200)).body.state).toBe('running');
    await waitFor(created.id, 'wave 1 baking', (body) => body.waves[1].state === 'baking');
    await act(created.id, 'promote').expect(200);
    const done = await waitFor(created.id, 'completed', (body) => body.state !== 'running');

    expect(done.state).toBe('completed');
    expect(Date.now() - promotedAt).toBeLessThan(15_000);
    for (const wave of done.waves) {
      expect(wave.state).toBe('passed');
      expect(wave.gateEvaluation!.passed).toBe(true);
      // The bake that actually happened, which the gates' window starts from.
      expect(wave.bakeSeconds).toBeLessThan(30);
    }
    expect(eventsOf(done, 'promoted')).toEqual([0, 1].map((wave) =>
      expect.objectContaining({ actor: { keyId: operatorKeyId, name: 'ops-alice' }, details: expect.objectContaining({ wave, plannedBakeSeconds: 600 }) }),
    ));
    const types = done.timeline.map((event) => event.type);
    expect(types.filter((type) => type === 'gates_evaluated')).toHaveLength(2);
    expect(types.filter((type) => type === 'completed')).toHaveLength(1);
  }, 30_000);

  it('rolls every touched device back to its previous assignment when aborted during the second wave', async () => {
    const fleet = [];
    for (const profile of ['cpu', 'gpu', 'cpu', 'gpu', 'cpu']) fleet.push(await device('abort', profile));
    // Some devices ran the variant before (set by hand, no deployment); the others had no assignment.
    const withPrevious = new Set([fleet[0].id, fleet[3].id]);
    for (const { id, hardwareProfile } of fleet.filter(({ id }) => withPrevious.has(id))) {
      await admin.put(`/devices/${id}/desired`, { assignments: [{ variantId: variants[hardwareProfile] }] }).expect(200);
    }
    const before = Object.fromEntries(await Promise.all(fleet.map(async ({ id }) => [id, await desiredOf(id)] as const)));
    const strategy = { kind: 'waves', waves: [{ count: 1, bakeSeconds: 0 }, { count: 2, bakeSeconds: 600 }, { bakeSeconds: 0 }] };
    const created = await deploy({ target: { selector: 'group=abort' }, strategy });
    await waitFor(created.id, 'wave 1 baking', (body) => body.waves[1].state === 'baking');

    expect((await act(created.id, 'abort').expect(200)).body.state).toBe('rolling_back');
    const done = await waitFor(created.id, 'rolled back', (body) => body.state !== 'rolling_back');

    expect(done).toMatchObject({ state: 'rolled_back', finishedAt: expect.any(String) });
    const touched = [...done.waves[0].devices, ...done.waves[1].devices].map(({ deviceId }) => deviceId);
    expect(touched).toHaveLength(3);
    for (const entry of done.waves.flatMap((wave) => wave.devices)) expect(entry.status).toBe(touched.includes(entry.deviceId) ? 'rolled_back' : 'pending');
    for (const { id, hardwareProfile } of fleet) {
      const desired = await desiredOf(id);
      expect(desired.assignments).toEqual(withPrevious.has(id) ? [expect.objectContaining({ variantId: variants[hardwareProfile], deploymentId: null })] : []);
      // Touched: one revision written by the deployment, one restoring; wave 3 was never written.
      expect(desired.revision).toBe(before[id].revision + (touched.includes(id) ? 2 : 0));
    }
    expect(done.timeline.slice(-2)).toEqual([
      expect.objectContaining({ type: 'aborted', actor: { keyId: operatorKeyId, name: 'ops-alice' }, details: { wave: 1, from: 'running' } }),
      expect.objectContaining({ type: 'rolled_back', actor: null, details: { wave: 1, rolled_back: 3, pending: 2 } }),
    ]);
    for (const action of ACTIONS) {
      expect((await act(created.id, action).expect(409)).body).toMatchObject({ code: 'deployment.invalid_state', state: 'rolled_back' });
    }
  }, 30_000);

  it('rolls back every device of a wave batch that an abort arrived in the middle of', async () => {
    const fleet = [await device('race', 'cpu'), await device('race', 'gpu'), await device('race', 'cpu')];
    // The test holds one device's row, as a slow desired-state write would: the wave's batch waits on it mid-write.
    const holder = new Client({ connectionString: controller.config.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM devices WHERE id = $1 FOR NO KEY UPDATE', [fleet[1].id]);
      const created = await deploy({ target: { selector: 'group=race' }, strategy: { kind: 'all-at-once', bakeSeconds: 60 } });
      await eventually(async () => ((await waitingOnLocks(holder)) > 0 ? true : undefined), 'the wave batch to wait on the held device', 10_000);

      const abort = act(created.id, 'abort').then((response) => response);
      // The abort waits for the batch in flight instead of landing between its devices.
      await eventually(async () => ((await waitingOnLocks(holder)) > 1 ? true : undefined), 'the abort to wait on the batch', 10_000);
      await holder.query('COMMIT');
      expect((await abort).status).toBe(200);

      const done = await waitFor(created.id, 'rolled back', (body) => body.state === 'rolled_back');
      expect(done.waves[0].devices.map(({ status }) => status)).toEqual(['rolled_back', 'rolled_back', 'rolled_back']);
      for (const { id } of fleet) {
        const desired = await desiredOf(id);
        // Written by the batch (revision 1), restored by the rollback (revision 2): nothing of the deployment left.
        expect(desired).toMatchObject({ revision: 2, assignments: [] });
      }
    } finally {
      await holder.end();
    }
  }, 40_000);

  it('continues with the next wave when a deployment paused by failed gates is resumed', async () => {
    // Created first, so first by id: the device of wave 0, which reports a failure.
    const broken = await device('override', 'cpu', { failWith: 'self-test failed' });
    const healthy = await device('override', 'gpu');
    const gates = { ...LENIENT_GATES, maxFailedPercent: 0 };
    const strategy = { kind: 'waves', waves: [{ count: 1, bakeSeconds: 0 }, { bakeSeconds: 0 }] };
    const created = await deploy({ target: { selector: 'group=override' }, strategy, gates, autoRollback: false });
    const paused = await waitFor(created.id, 'paused', (body) => body.state !== 'running');
    expect(paused.state).toBe('paused');
    expect(paused.waves[0].devices).toEqual([expect.objectContaining({ deviceId: broken.id, status: 'failed' })]);
    expect((await act(created.id, 'promote').expect(409)).body).toMatchObject({ code: 'deployment.invalid_state' });

    await act(created.id, 'resume').expect(200);
    const done = await waitFor(created.id, 'completed', (body) => body.state !== 'running');

    expect(done.state).toBe('completed');
    expect(done.waves.map((wave) => wave.state)).toEqual(['passed', 'passed']);
    // The overridden wave keeps the evaluation that failed it.
    expect(done.waves[0].gateEvaluation!.passed).toBe(false);
    expect(done.waves[1].devices).toEqual([expect.objectContaining({ deviceId: healthy.id, status: 'active' })]);
    expect(eventsOf(done, 'resumed')).toEqual([
      expect.objectContaining({ actor: { keyId: operatorKeyId, name: 'ops-alice' }, details: { overriddenWave: 0, overriddenGates: ['maxFailedPercent'] } }),
    ]);
  }, 30_000);

  it('refuses actions on the wrong state with 409, an unknown id with 404, and a viewer with 403, changing nothing', async () => {
    // Offline: its wave stays applying (no report), so the deployment runs with no wave baking.
    await device('refusals', 'cpu', { connect: false });
    const created = await deploy({ target: { selector: 'group=refusals' }, strategy: { kind: 'all-at-once', bakeSeconds: 0 } });
    await waitFor(created.id, 'wave 0 applying', (body) => body.waves[0].devices[0].status === 'applying');

    expect((await act(created.id, 'resume').expect(409)).body).toMatchObject({ code: 'deployment.invalid_state', state: 'running', allowedStates: ['paused'] });
    expect((await act(created.id, 'promote').expect(409)).body).toMatchObject({ code: 'deployment.not_baking' });
    for (const action of ACTIONS) {
      expect((await act(UNKNOWN_ID, action).expect(404)).body).toMatchObject({ code: 'deployment.not_found' });
      await act(created.id, action, viewer).expect(403);
    }
    const after = await view(created.id);
    expect(after.state).toBe('running');
    expect(after.timeline.map((event) => event.type)).toEqual(['created', 'started', 'wave_started']);

    // Two racing aborts: exactly one wins, the other is refused.
    const statuses = (await Promise.all([act(created.id, 'abort'), act(created.id, 'abort')])).map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409]);
    const done = await waitFor(created.id, 'rolled back', (body) => body.state !== 'rolling_back');
    expect(done.state).toBe('rolled_back');
    expect(eventsOf(done, 'aborted')).toHaveLength(1);
  }, 30_000);
});

/** Sessions of the test's database (other than `client`'s) waiting for a lock. */
async function waitingOnLocks(client: Client): Promise<number> {
  const { rows } = await client.query(
    `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
  );
  return rows[0].waiting;
}
