import type { DeploymentView, GateResult } from '@edgeplane/contracts';
import { startController, TestController } from '../support/controller';
import { deploymentRequest, stopDeploymentRig, withDatabase } from '../support/deployments';
import { Api, api } from '../support/http';
import { RunningProcess } from '../support/processes';
import { scrape, valueOf } from '../support/prometheus';
import { SimulatedDevice } from '../support/simulated-device';
import { variantTelemetry } from '../support/telemetry-bodies';
import { compiledClassifier, compiledVariants, eventually } from '../fleet/fleet-fixture';

const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const FINAL_OR_PAUSED = ['completed', 'rolled_back', 'paused'];

/**
 * Gates at the end of each bake, judged on the telemetry the wave's devices sent during it, and the
 * automatic rollback: real controller, compiler, PostgreSQL, Redis and Mosquitto, simulated devices.
 */
describe('deployment gates and rollback', () => {
  let controller: TestController;
  let admin: Api;
  let compiler: RunningProcess | undefined;
  /** Variants of version 1 compiled first: what devices ran before (an older build per profile). */
  let older: Record<string, string>;
  const simulated = new Map<string, SimulatedDevice>();

  const device = async (group: string, hardwareProfile: string) => {
    const { body } = await admin.post('/devices', { name: `${group}-${simulated.size}-${hardwareProfile}`, hardwareProfile, labels: { group } }).expect(201);
    const sim = await SimulatedDevice.connect(BROKER, body.device.id, body.credentials.secret);
    simulated.set(body.device.id, sim);
    await sim.online();
    sim.applyDesiredStates();
    return { id: body.device.id as string, hardwareProfile };
  };
  const view = async (id: string): Promise<DeploymentView> => (await admin.get(`/deployments/${id}`).expect(200)).body;
  const settled = (id: string) =>
    eventually(async () => {
      const body = await view(id);
      return FINAL_OR_PAUSED.includes(body.state) ? body : undefined;
    }, `deployment ${id} to stop`, 20_000);
  const baking = (id: string, waveIndex: number) =>
    eventually(async () => {
      const body = await view(id);
      return body.waves[waveIndex].state === 'baking' ? body : undefined;
    }, `wave ${waveIndex} baking`, 20_000);
  /** Each device of the wave sends one telemetry window lying within the bake, for the variant it was given. */
  const reportDuringBake = async (deployment: DeploymentView, waveIndex: number, latencies: number[], errors: number) => {
    const wave = deployment.waves[waveIndex];
    const start = new Date(Date.parse(wave.bakeUntil!) - wave.bakeSeconds * 1000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start.getTime() + 50 - Date.now())));
    for (const entry of wave.devices) {
      await simulated.get(entry.deviceId)!.telemetry(variantTelemetry(entry.variantId!, latencies, errors, { start, end: new Date() }));
    }
  };
  const gate = (results: GateResult[], name: string) => results.find((result) => result.gate === name)!;
  const desiredOf = async (id: string) => (await admin.get(`/devices/${id}/desired`).expect(200)).body as { revision: number; assignments: { variantId: string; deploymentId: string | null }[] };

  beforeAll(async () => {
    controller = await startController({ EDGEPLANE_METRICS_TOKEN: 'scrape-token-for-the-deployment-gates-test' });
    admin = api(controller, controller.adminToken);
    ({ variants: older, compiler } = await compiledClassifier(controller, admin, ['cpu', 'gpu']));
    // A second build with other options is the newest accepted variant per profile: the one deployments choose.
    await compiledVariants(admin, compiler, { profiles: ['cpu', 'gpu'], options: { accuracyBudget: { minCosine: 0.5 } } });
  }, 90_000);
  afterAll(() => stopDeploymentRig(simulated.values(), compiler, controller));

  it('rolls every touched device back to its previous assignment when wave 2 reports a p95 above the gate', async () => {
    const fleet = [];
    for (const profile of ['cpu', 'gpu', 'cpu', 'gpu', 'cpu', 'gpu']) fleet.push(await device('latency', profile));
    // Half the fleet ran the older build before; the other half had no assignment of the model.
    const withPrevious = new Set(fleet.filter((_, index) => index % 2 === 0).map(({ id }) => id));
    for (const { id, hardwareProfile } of fleet.filter(({ id }) => withPrevious.has(id))) {
      await admin.put(`/devices/${id}/desired`, { assignments: [{ variantId: older[hardwareProfile] }] }).expect(200);
    }
    const before = Object.fromEntries(await Promise.all(fleet.map(async ({ id }) => [id, await desiredOf(id)] as const)));
    const strategy = { kind: 'waves', waves: [{ count: 2, bakeSeconds: 3 }, { count: 2, bakeSeconds: 3 }, { bakeSeconds: 1 }] };
    const gates = { maxFailedPercent: 0, maxErrorRate: 0.05, maxP95LatencyMs: 50, minReportedPercent: 100 };

    const created: DeploymentView = (await admin.post('/deployments', deploymentRequest({ target: { selector: 'group=latency' }, strategy, gates, autoRollback: true })).expect(201)).body;
    await reportDuringBake(await baking(created.id, 0), 0, [8, 9, 10, 11, 12, 30], 0);
    await reportDuringBake(await baking(created.id, 1), 1, [20, 30, 40, 120, 150, 180], 0);
    const done = await settled(created.id);

    expect(done).toMatchObject({ state: 'rolled_back', finishedAt: expect.any(String) });
    expect(done.waves.map((wave) => wave.state)).toEqual(['passed', 'failed', 'pending']);
    const [first, second] = done.waves.map((wave) => wave.gateEvaluation);
    expect(first!.passed).toBe(true);
    expect(gate(first!.gates, 'maxP95LatencyMs')).toMatchObject({ threshold: 50, measured: expect.closeTo(30, -1), samples: { latencySamples: 12 }, verdict: 'passed' });
    expect(second!.passed).toBe(false);
    // p95 of the two devices' merged samples: the slowest of 12 (an average of per-device p95s would be the same here; the unit tests tell them apart).
    expect(gate(second!.gates, 'maxP95LatencyMs')).toMatchObject({ threshold: 50, measured: expect.closeTo(180, -1), samples: { latencySamples: 12 }, verdict: 'failed' });
    expect(gate(second!.gates, 'minReportedPercent')).toMatchObject({ measured: 100, samples: { deployable: 2, reported: 2 }, verdict: 'passed' });

    const touched = [...done.waves[0].devices, ...done.waves[1].devices];
    for (const entry of touched) expect(entry).toMatchObject({ status: 'rolled_back', statusReason: null });
    for (const entry of done.waves[2].devices) expect(entry.status).toBe('pending');
    for (const { id, hardwareProfile } of fleet) {
      const desired = await desiredOf(id);
      expect(desired.assignments).toEqual(withPrevious.has(id) ? [expect.objectContaining({ variantId: older[hardwareProfile], deploymentId: null })] : []);
      // Wave 3 was never written; the touched devices got a new revision restoring the old assignment.
      const wasTouched = touched.some(({ deviceId }) => deviceId === id);
      expect(desired.revision).toBe(wasTouched ? before[id].revision + 2 : before[id].revision);
    }

    const timeline = done.timeline.map((event) => [event.type, event.details.wave ?? null]);
    expect(timeline).toEqual([
      ['created', null],
      ['started', null],
      ['wave_started', 0], ['wave_baking', 0], ['gates_evaluated', 0], ['wave_passed', 0],
      ['wave_started', 1], ['wave_baking', 1], ['gates_evaluated', 1], ['wave_failed', 1], ['rolling_back', 1],
      ['rolled_back', 1],
    ]);
    const evaluated = done.timeline.filter((event) => event.type === 'gates_evaluated')[1].details as unknown as { gates: GateResult[] };
    expect(gate(evaluated.gates, 'maxP95LatencyMs')).toMatchObject({ measured: expect.closeTo(180, -1), verdict: 'failed' });
    expect(done.timeline.find((event) => event.type === 'rolling_back')!.details).toEqual({ wave: 1, failedGates: ['maxP95LatencyMs'] });
    expect(done.timeline.at(-1)!.details).toEqual({ wave: 1, rolled_back: 4, pending: 2 });

    // Prometheus sees both evaluations: wave 1 passed, wave 2 failed.
    const samples = await scrape(controller);
    expect(valueOf(samples, 'edgeplane_gate_evaluations_total', { result: 'passed' })).toBe(1);
    expect(valueOf(samples, 'edgeplane_gate_evaluations_total', { result: 'failed' })).toBe(1);
  }, 60_000);

  it('judges a p95 regression against the variant the same devices ran in the hour before, and rolls back past the allowed percent', async () => {
    const fleet = [await device('regression', 'cpu'), await device('regression', 'gpu')];
    // What the devices ran before, with its latency ten minutes ago: p95 of both devices' windows ≈ 12 ms.
    const tenMinutesAgo = { start: new Date(Date.now() - 10 * 60_000), end: new Date(Date.now() - 9 * 60_000) };
    for (const { id, hardwareProfile } of fleet) {
      await admin.put(`/devices/${id}/desired`, { assignments: [{ variantId: older[hardwareProfile] }] }).expect(200);
      await simulated.get(id)!.telemetry(variantTelemetry(older[hardwareProfile], [9, 10, 10, 11, 11, 12], 0, tenMinutesAgo));
    }
    for (const { id } of fleet) {
      await eventually(async () => ((await admin.get(`/devices/${id}/telemetry/messages?from=${tenMinutesAgo.start.toISOString()}`).expect(200)).body.length > 0 ? true : undefined), `baseline telemetry of ${id} stored`, 10_000);
    }
    const gates = { maxFailedPercent: 0, maxErrorRate: 0.05, maxP95RegressionPercent: 50, minReportedPercent: 100 };

    const created: DeploymentView = (
      await admin.post('/deployments', deploymentRequest({ target: { selector: 'group=regression' }, strategy: { kind: 'all-at-once', bakeSeconds: 2 }, gates, autoRollback: true })).expect(201)
    ).body;
    // The new build is three times slower on the same devices: +200 % against an allowed +50 %.
    await reportDuringBake(await baking(created.id, 0), 0, [27, 30, 30, 33, 33, 36], 0);
    const done = await settled(created.id);

    expect(done.state).toBe('rolled_back');
    const regression = gate(done.waves[0].gateEvaluation!.gates, 'maxP95RegressionPercent');
    expect(regression).toMatchObject({
      threshold: 50,
      measured: expect.closeTo(200, -1),
      samples: { latencySamples: 12, baselineSamples: 12, p95Ms: expect.closeTo(36, 0), baselineP95Ms: expect.closeTo(12, 0) },
      verdict: 'failed',
    });
    expect(done.timeline.find((event) => event.type === 'rolling_back')!.details).toEqual({ wave: 0, failedGates: ['maxP95RegressionPercent'] });
    for (const { id, hardwareProfile } of fleet) {
      expect((await desiredOf(id)).assignments).toEqual([expect.objectContaining({ variantId: older[hardwareProfile], deploymentId: null })]);
    }
  }, 40_000);

  it('pauses the deployment, devices left as they are, when the error rate is above the gate and automatic rollback is off', async () => {
    for (const profile of ['cpu', 'gpu']) await device('errors', profile);
    const gates = { maxFailedPercent: 0, maxErrorRate: 0.01, maxP95LatencyMs: 1000, minReportedPercent: 100 };

    const created: DeploymentView = (
      await admin.post('/deployments', deploymentRequest({ target: { selector: 'group=errors' }, strategy: { kind: 'all-at-once', bakeSeconds: 2 }, gates, autoRollback: false })).expect(201)
    ).body;
    // 5 errors against 45 successful inferences per device: 10 %.
    await reportDuringBake(await baking(created.id, 0), 0, Array.from({ length: 45 }, () => 10), 5);
    const done = await settled(created.id);

    expect(done).toMatchObject({ state: 'paused', finishedAt: null });
    expect(done.waves[0].state).toBe('failed');
    const evaluation = done.waves[0].gateEvaluation!;
    expect(gate(evaluation.gates, 'maxErrorRate')).toMatchObject({ threshold: 0.01, measured: expect.closeTo(0.1, 6), samples: { inferences: 90, errors: 10 }, verdict: 'failed' });
    expect(evaluation.gates.filter(({ verdict }) => verdict === 'failed').map(({ gate: name }) => name)).toEqual(['maxErrorRate']);
    expect(done.timeline.slice(-3).map((event) => event.type)).toEqual(['gates_evaluated', 'wave_failed', 'paused']);
    expect(done.timeline.at(-1)!.details).toEqual({ wave: 0, failedGates: ['maxErrorRate'] });
    for (const entry of done.waves[0].devices) {
      expect(entry.status).toBe('active');
      expect((await desiredOf(entry.deviceId)).assignments).toEqual([expect.objectContaining({ deploymentId: created.id, variantId: entry.variantId })]);
    }
  }, 30_000);

  it('finishes a rollback that a restart interrupted, from the stored state', async () => {
    const [withPrevious, without] = [await device('resume', 'cpu'), await device('resume', 'gpu')];
    await admin.put(`/devices/${withPrevious.id}/desired`, { assignments: [{ variantId: older.cpu }] }).expect(200);
    const lenient = { maxFailedPercent: 100, maxErrorRate: 1, maxP95LatencyMs: 100_000, minReportedPercent: 0 };
    const created: DeploymentView = (
      await admin.post('/deployments', deploymentRequest({ target: { selector: 'group=resume' }, strategy: { kind: 'all-at-once', bakeSeconds: 0 }, gates: lenient })).expect(201)
    ).body;
    expect((await settled(created.id)).state).toBe('completed');
    // What a controller killed right after a wave failed its gates leaves behind: the wave failed and the
    // deployment rolling back in PostgreSQL, its rollback job never queued.
    await withDatabase(controller, async (client) => {
      await client.query(`UPDATE deployments SET state = 'rolling_back', finished_at = NULL WHERE id = $1`, [created.id]);
      await client.query(`UPDATE deployment_waves SET state = 'failed' WHERE deployment_id = $1`, [created.id]);
    });

    await controller.restart();
    admin = api(controller, controller.adminToken);

    const done = await settled(created.id);
    expect(done.state).toBe('rolled_back');
    for (const entry of done.waves[0].devices) expect(entry.status).toBe('rolled_back');
    expect((await desiredOf(withPrevious.id)).assignments).toEqual([expect.objectContaining({ variantId: older.cpu, deploymentId: null })]);
    expect((await desiredOf(without.id)).assignments).toEqual([]);
    expect(done.timeline.at(-1)).toMatchObject({ type: 'rolled_back', details: { wave: 0, rolled_back: 2 } });
  }, 30_000);
});
