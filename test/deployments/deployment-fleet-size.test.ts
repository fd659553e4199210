import type { DeploymentView, DesiredStateMessage } from '@edgeplane/contracts';
import { startController, TestController } from '../support/controller';
import { deploymentRequest, reportDuringBake, stopDeploymentRig } from '../support/deployments';
import { Api, api } from '../support/http';
import { RunningProcess } from '../support/processes';
import { SimulatedDevice } from '../support/simulated-device';
import { compiledClassifier, eventually } from '../fleet/fleet-fixture';

const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
/** Gates a healthy fleet passes and a silent or slow one would not: every device must report, fast. */
const STRICT_GATES = { maxFailedPercent: 0, maxErrorRate: 0.01, maxP95LatencyMs: 50, minReportedPercent: 100 };
/** Healthy latencies (ms) each device reports during a bake: p95 well under the 50 ms gate. */
const HEALTHY_LATENCIES = [8, 9, 10, 11, 12, 14, 15];

interface ProvisionedDevice {
  id: string;
  secret: string;
  hardwareProfile: string;
}

/**
 * The acceptance at fleet size: many simulated devices (one MQTT connection each, all in this
 * process) against the real controller, compiler, PostgreSQL, Redis and Mosquitto.
 */
describe('deployments at fleet size', () => {
  let controller: TestController;
  let admin: Api;
  let compiler: RunningProcess | undefined;
  let variants: Record<string, string>;
  const simulated = new Map<string, SimulatedDevice>();

  const provision = async (group: string, index: number, hardwareProfile: string): Promise<ProvisionedDevice> => {
    const { body } = await admin.post('/devices', { name: `${group}-${index}-${hardwareProfile}`, hardwareProfile, labels: { group } }).expect(201);
    return { id: body.device.id, secret: body.credentials.secret, hardwareProfile };
  };
  /** Connects a provisioned device, announces it online and has it answer desired states like an agent. */
  const connect = async ({ id, secret }: ProvisionedDevice): Promise<SimulatedDevice> => {
    const device = await SimulatedDevice.connect(BROKER, id, secret);
    simulated.set(id, device);
    await device.online();
    device.applyDesiredStates();
    return device;
  };
  /** The custom `jetson-orin` profile (class gpu) has no variant of its own: it falls back to the gpu one. */
  const variantFor = (hardwareProfile: string) => variants[hardwareProfile === 'cpu' ? 'cpu' : 'gpu'];
  const view = async (id: string): Promise<DeploymentView> => (await admin.get(`/deployments/${id}`).expect(200)).body;
  const finished = (id: string, timeoutMs: number) =>
    eventually(async () => {
      const body = await view(id);
      return body.state === 'running' ? undefined : body;
    }, `deployment ${id} to finish`, timeoutMs);
  const baking = (id: string, waveIndex: number) =>
    eventually(async () => {
      const body = await view(id);
      return body.waves[waveIndex].state === 'baking' ? body : undefined;
    }, `wave ${waveIndex} baking`, 30_000);

  beforeAll(async () => {
    controller = await startController();
    admin = api(controller, controller.adminToken);
    ({ variants, compiler } = await compiledClassifier(controller, admin, ['cpu', 'gpu']));
  }, 90_000);
  afterAll(() => stopDeploymentRig(simulated.values(), compiler, controller));

  it("rolls 3 waves out over 50 devices of mixed hardware, each device on its profile's variant, gates passed on healthy telemetry", async () => {
    // A custom profile of class gpu, compiled for nowhere: its devices must get the gpu variant.
    await admin.post('/hardware-profiles', { name: 'jetson-orin', class: 'gpu' }).expect(201);
    const profiles = ['cpu', 'gpu', 'jetson-orin'];
    const fleet: ProvisionedDevice[] = [];
    for (let index = 0; index < 50; index++) fleet.push(await provision('fleet', index, profiles[index % profiles.length]));
    await Promise.all(fleet.map(connect));
    const profileOf = new Map(fleet.map((device) => [device.id, device.hardwareProfile]));
    // Bakes long enough for 50 telemetry messages to be ingested before they end, on a busy machine too.
    const strategy = { kind: 'waves', waves: [{ count: 5, bakeSeconds: 5 }, { percent: 30, bakeSeconds: 5 }, { bakeSeconds: 5 }] };

    const created: DeploymentView = (await admin.post('/deployments', deploymentRequest({ target: { selector: 'group=fleet' }, strategy, gates: STRICT_GATES })).expect(201)).body;
    for (const waveIndex of [0, 1, 2]) await reportDuringBake(simulated, await baking(created.id, waveIndex), waveIndex, HEALTHY_LATENCIES);
    const done = await finished(created.id, 60_000);

    expect(done.state).toBe('completed');
    expect(done.devices).toMatchObject({ targeted: 50, deployable: 50, skipped: 0 });
    expect(done.waves.map((wave) => [wave.state, wave.devices.length, wave.gateEvaluation?.passed])).toEqual([
      ['passed', 5, true],
      ['passed', 15, true],
      ['passed', 30, true],
    ]);
    const entries = done.waves.flatMap((wave) => wave.devices);
    expect(new Set(entries.map((entry) => entry.deviceId)).size).toBe(50);
    for (const entry of entries) {
      const hardwareProfile = profileOf.get(entry.deviceId)!;
      expect(entry).toMatchObject({ hardwareProfile, status: 'active', statusReason: null, variantId: variantFor(hardwareProfile), variantProfile: hardwareProfile === 'cpu' ? 'cpu' : 'gpu' });
    }
    // What each device was actually sent over MQTT: its profile's variant, from this deployment.
    for (const { id, hardwareProfile } of fleet) {
      const desired: DesiredStateMessage = await simulated.get(id)!.desiredRevision(1);
      expect(desired.body.assignments).toEqual([expect.objectContaining({ deploymentId: created.id, variantId: variantFor(hardwareProfile) })]);
    }
    // In order: a wave starts only after the previous one baked and passed.
    for (const [previous, next] of [[done.waves[0], done.waves[1]], [done.waves[1], done.waves[2]]]) {
      expect(Date.parse(next.startedAt!)).toBeGreaterThanOrEqual(Date.parse(previous.finishedAt!));
      expect(Date.parse(previous.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(previous.bakeUntil!));
    }
    // The gates were judged on what every device of the wave reported, not passed for lack of data.
    for (const wave of done.waves) {
      const gates = Object.fromEntries(wave.gateEvaluation!.gates.map((result) => [result.gate, result]));
      expect(gates.minReportedPercent).toMatchObject({ measured: 100, verdict: 'passed' });
      expect(gates.maxP95LatencyMs.measured).toEqual(expect.any(Number));
      expect(gates.maxP95LatencyMs.measured).toBeLessThanOrEqual(50);
      expect(gates.maxErrorRate).toMatchObject({ measured: 0, verdict: 'passed' });
    }
    expect(done.timeline.at(-1)).toMatchObject({ type: 'completed', details: { active: 50 } });
  }, 120_000);

  it('times out 10 devices that never connect at the deadline, finishes, and they converge when they connect afterwards', async () => {
    const fleet: ProvisionedDevice[] = [];
    for (let index = 0; index < 20; index++) fleet.push(await provision('offline', index, index % 2 === 0 ? 'cpu' : 'gpu'));
    // Half the devices stay offline, both profiles on each side.
    const offline = fleet.filter((_, index) => index % 4 < 2);
    const online = fleet.filter((device) => !offline.includes(device));
    expect(offline).toHaveLength(10);
    await Promise.all(online.map(connect));
    // Offline devices count as failed for maxFailedPercent: the gate allows them, this test is about the deadline.
    const gates = { maxFailedPercent: 50, maxErrorRate: 1, maxP95LatencyMs: 100_000, minReportedPercent: 0 };
    // Long enough for the 10 online devices to report active on a busy machine, short enough for a test.
    const deadlineSeconds = 8;

    const created: DeploymentView = (
      await admin.post('/deployments', deploymentRequest({ target: { selector: 'group=offline' }, strategy: { kind: 'all-at-once', bakeSeconds: 0 }, gates, deadlineSeconds })).expect(201)
    ).body;
    const done = await finished(created.id, 40_000);

    expect(done.state).toBe('completed');
    expect(Date.parse(done.finishedAt!) - Date.parse(done.startedAt!)).toBeGreaterThanOrEqual(deadlineSeconds * 1000);
    const byId = new Map(done.waves.flatMap((wave) => wave.devices).map((entry) => [entry.deviceId, entry]));
    for (const { id } of online) expect(byId.get(id)).toMatchObject({ status: 'active', statusReason: null });
    for (const { id } of offline) {
      expect(byId.get(id)!.status).toBe('timed_out');
      expect(byId.get(id)!.statusReason).toMatch(/^not active by the deadline .*; it never reported this model$/);
    }
    expect(done.timeline.at(-1)).toMatchObject({ type: 'completed', details: { active: 10, timed_out: 10 } });

    // They come back after the deployment finished: the retained desired state still carries the variant.
    for (const device of offline) {
      // Not answering on its own: the retained message may arrive before it could start to, so it reports explicitly.
      const returned = await SimulatedDevice.connect(BROKER, device.id, device.secret);
      simulated.set(device.id, returned);
      await returned.online();
      const desired = await returned.desiredRevision(1);
      expect(desired.body.assignments).toEqual([expect.objectContaining({ deploymentId: created.id, variantId: variantFor(device.hardwareProfile) })]);
      await returned.report(activeReport(desired));
    }
    for (const { id, hardwareProfile } of offline) {
      const state = await eventually(async () => {
        const { body } = await admin.get(`/devices/${id}/state`).expect(200);
        return body.converged ? body : undefined;
      }, `${id} to converge`, 20_000);
      expect(state.assignments).toEqual([expect.objectContaining({ state: 'active', activeVariantId: variantFor(hardwareProfile) })]);
    }
  }, 90_000);
});

/** The report an agent sends once it serves every assignment of `desired`. */
function activeReport(desired: DesiredStateMessage) {
  const { revision, assignments } = desired.body;
  return {
    appliedRevision: revision,
    revision,
    assignments: assignments.map(({ model, variantId }) => ({
      model,
      variantId,
      state: 'active' as const,
      reason: null,
      activeVariantId: variantId,
      lastKnownGoodVariantId: variantId,
      download: null,
    })),
  };
}
