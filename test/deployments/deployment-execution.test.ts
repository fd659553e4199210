import { Queue } from 'bullmq';
import { QueueName } from '@edgeplane/contracts';
import { DesiredRevisionMovedError, DesiredStateRepository } from '@edgeplane/persistence';
import { redisOptionsFromUrl } from '@edgeplane/platform';
import { startController, TestController } from '../support/controller';
import { completedTimeline, deploymentRequest, stopDeploymentRig, timelineSteps } from '../support/deployments';
import { Api, api } from '../support/http';
import { RunningProcess } from '../support/processes';
import { SimulatedDevice } from '../support/simulated-device';
import { compiledClassifier, eventually } from '../fleet/fleet-fixture';

const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
/** Gates no wave here can fail: these devices send no telemetry, and one fails on purpose (gates: deployment-gates.test.ts). */
const LENIENT_GATES = { maxFailedPercent: 100, maxErrorRate: 1, maxP95LatencyMs: 100_000, minReportedPercent: 0 };

interface DeviceEntry {
  deviceId: string;
  hardwareProfile: string;
  variantId: string | null;
  status: string;
  statusReason: string | null;
}
interface WaveEntry {
  index: number;
  state: string;
  startedAt: string | null;
  bakeUntil: string | null;
  finishedAt: string | null;
  devices: DeviceEntry[];
}
interface Deployment {
  id: string;
  state: string;
  startedAt: string | null;
  finishedAt: string | null;
  waves: WaveEntry[];
  timeline: { at: string; type: string; details: Record<string, unknown> }[];
}

/**
 * Deployments executed wave by wave by the real controller over real Mosquitto, Redis and PostgreSQL,
 * to simulated devices answering like agents, with real compiled variants of the `cls` model.
 */
describe('executing deployments', () => {
  let controller: TestController;
  let admin: Api;
  let compiler: RunningProcess | undefined;
  let variants: Record<string, string>;
  const devices: SimulatedDevice[] = [];
  const profileOf: Record<string, string> = {};

  /** Provisions a device; connects it (online, answering desired states) unless `connect` is false. */
  const device = async (group: string, hardwareProfile: string, { connect = true, failWith = null as string | null } = {}) => {
    const name = `${group}-${Object.keys(profileOf).length}-${hardwareProfile}`;
    const { body } = await admin.post('/devices', { name, hardwareProfile, labels: { group } }).expect(201);
    profileOf[body.device.id] = hardwareProfile;
    if (!connect) return { id: body.device.id as string, secret: body.credentials.secret as string };
    const simulated = await SimulatedDevice.connect(BROKER, body.device.id, body.credentials.secret);
    devices.push(simulated);
    await simulated.online();
    simulated.applyDesiredStates({ failWith });
    return { id: body.device.id as string, secret: body.credentials.secret as string, simulated };
  };
  const deploy = async (overrides: Record<string, unknown>): Promise<Deployment> => (await admin.post('/deployments', deploymentRequest({ gates: LENIENT_GATES, ...overrides })).expect(201)).body;
  const finished = (id: string, timeoutMs = 20_000) =>
    eventually(
      async () => {
        const { body } = await admin.get(`/deployments/${id}`).expect(200);
        return body.state === 'running' ? undefined : (body as Deployment);
      },
      `deployment ${id} to finish`,
      timeoutMs,
    );
  const expectedVariant = (deviceId: string) => variants[profileOf[deviceId] === 'cpu' ? 'cpu' : 'gpu'];
  const all = (deployment: Deployment) => deployment.waves.flatMap((wave) => wave.devices);
  const waveBaking = (id: string, waveIndex: number) =>
    eventually(async () => {
      const { body } = await admin.get(`/deployments/${id}`).expect(200);
      return body.waves[waveIndex].state === 'baking' ? body : undefined;
    }, `wave ${waveIndex} baking`);

  beforeAll(async () => {
    controller = await startController();
    admin = api(controller, controller.adminToken);
    await admin.post('/hardware-profiles', { name: 'jetson-orin', class: 'gpu' }).expect(201);
    ({ variants, compiler } = await compiledClassifier(controller, admin, ['cpu', 'gpu']));
  }, 90_000);
  afterAll(() => stopDeploymentRig(devices, compiler, controller));

  it("rolls out wave after wave until every device serves its profile's variant", async () => {
    const fleet = [];
    for (const profile of ['cpu', 'cpu', 'cpu', 'cpu', 'gpu', 'gpu', 'gpu', 'jetson-orin', 'jetson-orin', 'jetson-orin']) fleet.push(await device('fleet', profile));
    const strategy = { kind: 'waves', waves: [{ count: 2, bakeSeconds: 1 }, { percent: 30, bakeSeconds: 1 }, { bakeSeconds: 1 }] };

    const created = await deploy({ target: { selector: 'group=fleet' }, strategy });

    expect(created).toMatchObject({ state: 'running', startedAt: expect.any(String), finishedAt: null });
    expect(created.timeline.map((event) => event.type)).toEqual(['created', 'started']);
    const done = await finished(created.id);
    expect(done.state).toBe('completed');
    expect(done.waves.map((wave) => [wave.index, wave.state, wave.devices.length])).toEqual([
      [0, 'passed', 2],
      [1, 'passed', 3],
      [2, 'passed', 5],
    ]);
    expect(all(done)).toHaveLength(10);
    for (const entry of all(done)) expect(entry).toMatchObject({ status: 'active', statusReason: null, variantId: expectedVariant(entry.deviceId) });
    for (const { id, simulated } of fleet) {
      const desired = await simulated!.desiredRevision(1);
      expect(desired.body.assignments).toEqual([expect.objectContaining({ deploymentId: created.id, model: 'text-direction', variantId: expectedVariant(id) })]);
      const state = (await admin.get(`/devices/${id}/state`).expect(200)).body;
      expect(state).toMatchObject({ converged: true, assignments: [expect.objectContaining({ state: 'active', activeVariantId: expectedVariant(id) })] });
    }
    // In order: a wave starts only after the previous one baked and passed.
    for (const [previous, next] of [[done.waves[0], done.waves[1]], [done.waves[1], done.waves[2]]]) {
      expect(Date.parse(next.startedAt!)).toBeGreaterThanOrEqual(Date.parse(previous.finishedAt!));
      expect(Date.parse(previous.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(previous.bakeUntil!));
    }
    expect(timelineSteps(done)).toEqual(completedTimeline(3));
    expect(done.timeline.at(-1)!.details).toEqual({ active: 10 });
    expect(Date.parse(done.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(done.waves[2].finishedAt!));
  }, 45_000);

  it('marks a device that reports a failure failed with its reason, and completes when the gates allow it', async () => {
    const healthy = await device('failing', 'cpu');
    const broken = await device('failing', 'gpu', { failWith: 'self-test: outputs differ from the compiler\'s' });

    const done = await finished((await deploy({ target: { selector: 'group=failing' }, strategy: { kind: 'all-at-once', bakeSeconds: 0 } })).id);

    expect(done.state).toBe('completed');
    const byId = Object.fromEntries(all(done).map((entry) => [entry.deviceId, entry]));
    expect(byId[healthy.id]).toMatchObject({ status: 'active', statusReason: null });
    expect(byId[broken.id]).toMatchObject({ status: 'failed', statusReason: "device reported failed: self-test: outputs differ from the compiler's" });
    expect(done.timeline.find((event) => event.type === 'wave_baking')!.details).toMatchObject({ active: 1, failed: 1 });
  }, 30_000);

  it('fails a device decommissioned before its wave alone, with the reason, and writes it nothing', async () => {
    // Created in this order, so ordered by id: the first makes wave 0, the others wave 1.
    const first = await device('retiring', 'cpu');
    const staying = await device('retiring', 'cpu');
    const retired = await device('retiring', 'gpu');
    const created = await deploy({ target: { selector: 'group=retiring' }, strategy: { kind: 'waves', waves: [{ count: 1, bakeSeconds: 3 }, { bakeSeconds: 0 }] } });
    await waveBaking(created.id, 0);
    await admin.post(`/devices/${retired.id}/decommission`).expect(200);

    const done = await finished(created.id);

    expect(done.state).toBe('completed');
    expect(done.waves[0].devices.map(({ deviceId }) => deviceId)).toEqual([first.id]);
    const byId = Object.fromEntries(all(done).map((entry) => [entry.deviceId, entry]));
    expect(byId[staying.id]).toMatchObject({ status: 'active', statusReason: null });
    expect(byId[retired.id]).toMatchObject({ status: 'failed', statusReason: `desired state not written: Device ${retired.id} is decommissioned and read-only; provision a new device instead.` });
    expect((await admin.get(`/devices/${retired.id}/desired`).expect(200)).body).toMatchObject({ revision: 0, assignments: [] });
  }, 30_000);

  it('times out a device that stays offline at the deadline, completes, and the device converges when it connects', async () => {
    const online = await device('offline', 'cpu');
    const offline = await device('offline', 'cpu', { connect: false });

    const created = await deploy({ target: { selector: 'group=offline' }, strategy: { kind: 'all-at-once', bakeSeconds: 0 }, deadlineSeconds: 3 });
    const done = await finished(created.id);

    expect(done.state).toBe('completed');
    const byId = Object.fromEntries(all(done).map((entry) => [entry.deviceId, entry]));
    expect(byId[online.id]).toMatchObject({ status: 'active', statusReason: null });
    expect(byId[offline.id].status).toBe('timed_out');
    expect(byId[offline.id].statusReason).toMatch(/^not active by the deadline .*; it never reported this model$/);
    expect(Date.parse(done.finishedAt!) - Date.parse(done.startedAt!)).toBeGreaterThanOrEqual(3_000);

    // Its desired state was kept (retained): when it comes back it gets the variant.
    const returned = await SimulatedDevice.connect(BROKER, offline.id, offline.secret);
    devices.push(returned);
    const desired = await returned.desiredRevision(1);
    expect(desired.body.assignments).toEqual([expect.objectContaining({ deploymentId: created.id, variantId: variants.cpu })]);
  }, 30_000);

  it("never writes a desired state over a revision that landed after the one it was built from", async () => {
    // What keeps an operator's PUT that lands while a wave writes the device: the engine's write,
    // built from the revision it read, is refused and its step retried from the new state.
    const { id } = await device('race', 'cpu', { connect: false });
    await admin.put(`/devices/${id}/desired`, { assignments: [{ variantId: variants.cpu }] }).expect(200);
    const revisions = controller.app.get(DesiredStateRepository);

    const stale = revisions.append(id, (revision) => ({ revision, assignments: [] }), null, 0);

    await expect(stale).rejects.toBeInstanceOf(DesiredRevisionMovedError);
    const desired = await admin.get(`/devices/${id}/desired`).expect(200);
    expect(desired.body).toMatchObject({ revision: 1, assignments: [expect.objectContaining({ variantId: variants.cpu })] });
  });

  it('resumes a deployment where it was when the controller restarts during a bake', async () => {
    for (const profile of ['cpu', 'gpu', 'jetson-orin']) await device('restart', profile);
    const strategy = { kind: 'waves', waves: [{ count: 1, bakeSeconds: 4 }, { count: 1, bakeSeconds: 1 }, { bakeSeconds: 1 }] };
    const created = await deploy({ target: { selector: 'group=restart' }, strategy });
    await waveBaking(created.id, 0);

    await controller.restart();
    admin = api(controller, controller.adminToken);

    const done = await finished(created.id);
    expect(done.state).toBe('completed');
    expect(done.waves.map((wave) => wave.state)).toEqual(['passed', 'passed', 'passed']);
    for (const entry of all(done)) expect(entry).toMatchObject({ status: 'active', variantId: expectedVariant(entry.deviceId) });
    // Each step happened once although a new process took over.
    const types = done.timeline.map((event) => event.type);
    expect(types.filter((type) => type === 'wave_passed')).toHaveLength(3);
    expect(types.filter((type) => type === 'completed')).toHaveLength(1);
  }, 45_000);

  it('queues the step the stored state calls for when the queued jobs were lost, at the next start', async () => {
    for (const profile of ['cpu', 'gpu']) await device('lost-jobs', profile);
    const strategy = { kind: 'waves', waves: [{ count: 1, bakeSeconds: 2 }, { bakeSeconds: 0 }] };
    const created = await deploy({ target: { selector: 'group=lost-jobs' }, strategy });
    await waveBaking(created.id, 0);
    // As if the process had died between storing `baking` and queuing the end of the bake: no job left.
    const queue = new Queue(QueueName.Rollout, { connection: redisOptionsFromUrl(controller.config.REDIS_URL), prefix: controller.config.EDGEPLANE_QUEUE_PREFIX });
    try {
      await queue.obliterate({ force: true });
      expect(await queue.getJobCounts()).toMatchObject({ delayed: 0, waiting: 0, active: 0 });
    } finally {
      await queue.close();
    }

    await controller.restart();
    admin = api(controller, controller.adminToken);

    const done = await finished(created.id);
    expect(done.state).toBe('completed');
    for (const entry of all(done)) expect(entry).toMatchObject({ status: 'active', variantId: expectedVariant(entry.deviceId) });
  }, 30_000);
});
