import { RolloutProcessor } from '../../libs/rollouts/src/execution/rollout.processor';
import { startController, TestController } from '../support/controller';
import { ControllerReplica, startReplicaOf } from '../support/controller-replica';
import { completedTimeline, deploymentRequest, stopDeploymentRig, timelineSteps, withDatabase } from '../support/deployments';
import { Api, api } from '../support/http';
import { RunningProcess } from '../support/processes';
import { SimulatedDevice } from '../support/simulated-device';
import { compiledClassifier, eventually } from '../fleet/fleet-fixture';

const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
/** Gates that pass without telemetry: these devices report states only. */
const GATES = { maxFailedPercent: 0, maxErrorRate: 1, maxP95LatencyMs: 100_000, minReportedPercent: 0 };
const PROFILES = ['cpu', 'cpu', 'cpu', 'cpu', 'cpu', 'cpu', 'gpu', 'gpu', 'gpu', 'gpu', 'gpu', 'gpu'];

interface Deployment {
  id: string;
  state: string;
  waves: { index: number; state: string; devices: { deviceId: string; status: string; variantId: string | null }[] }[];
  timeline: { type: string; details: Record<string, unknown> }[];
}

/**
 * Two controller replicas (two apps on one database, data directory, queue prefix and MQTT share group)
 * consume the same rollout queue: each step of a deployment happens once, whichever replica takes it.
 */
describe('a deployment executed by two controller replicas', () => {
  let controller: TestController;
  let replica: ControllerReplica | undefined;
  let compiler: RunningProcess | undefined;
  let variants: Record<string, string>;
  const devices: SimulatedDevice[] = [];
  /** Rollout jobs each replica's worker took. */
  const taken = { first: 0, second: 0 };

  beforeAll(async () => {
    controller = await startController();
    ({ variants, compiler } = await compiledClassifier(controller, api(controller, controller.adminToken), ['cpu', 'gpu']));
    replica = await startReplicaOf(controller);
    controller.app.get(RolloutProcessor).worker.on('active', () => taken.first++);
    replica.app.get(RolloutProcessor).worker.on('active', () => taken.second++);
  }, 90_000);
  afterAll(async () => {
    await replica?.close();
    await stopDeploymentRig(devices, compiler, controller);
  });

  it('passes each wave once and advances each device by one revision', async () => {
    // Requests alternate between the replicas, as behind a load balancer.
    const admins: Api[] = [api(controller, controller.adminToken), api(replica!, controller.adminToken)];
    const ids: string[] = [];
    for (const [index, hardwareProfile] of PROFILES.entries()) {
      const { body } = await admins[index % 2].post('/devices', { name: `replicas-${index}`, hardwareProfile, labels: { group: 'replicas' } }).expect(201);
      const simulated = await SimulatedDevice.connect(BROKER, body.device.id, body.credentials.secret);
      devices.push(simulated);
      await simulated.online();
      simulated.applyDesiredStates();
      ids.push(body.device.id);
    }
    const strategy = { kind: 'waves', waves: [{ count: 2, bakeSeconds: 1 }, { percent: 25, bakeSeconds: 1 }, { bakeSeconds: 1 }] };

    const created = (await admins[1].post('/deployments', deploymentRequest({ target: { selector: 'group=replicas' }, strategy, gates: GATES })).expect(201)).body as Deployment;
    const done = await eventually(
      async () => {
        const { body } = await admins[0].get(`/deployments/${created.id}`).expect(200);
        return body.state === 'running' ? undefined : (body as Deployment);
      },
      'the deployment to finish',
      30_000,
    );

    expect(done.state).toBe('completed');
    expect(done.waves.map((wave) => [wave.index, wave.state, wave.devices.length])).toEqual([
      [0, 'passed', 2],
      [1, 'passed', 3],
      [2, 'passed', 7],
    ]);
    for (const entry of done.waves.flatMap((wave) => wave.devices)) {
      expect(entry).toMatchObject({ status: 'active', variantId: variants[PROFILES[ids.indexOf(entry.deviceId)]] });
    }
    // Each step once: the whole timeline, in order, with no event doubled by the other replica.
    expect(timelineSteps(done)).toEqual(completedTimeline(3));
    // Each device's desired state advanced by exactly one revision, written once by the engine for this deployment.
    for (const [index, id] of ids.entries()) {
      const desired = (await admins[index % 2].get(`/devices/${id}/desired`).expect(200)).body;
      expect(desired).toMatchObject({ revision: 1, assignments: [expect.objectContaining({ deploymentId: created.id, variantId: variants[PROFILES[index]] })] });
    }
    const revisions = await withDatabase(controller, async (client) => (await client.query<{ device_id: string; revision: number }>('SELECT device_id, revision FROM desired_revisions ORDER BY device_id')).rows);
    expect(revisions).toEqual([...ids].sort().map((id) => ({ device_id: id, revision: 1 })));
    // The replicas' workers ran the steps (at least a start and a bake end per wave); which one took which is BullMQ's choice.
    expect(taken.first + taken.second).toBeGreaterThanOrEqual(6);
  }, 60_000);
});
