import { Queue } from 'bullmq';
import { type DeploymentView, QueueName, RolloutJobName, rolloutJobId } from '@edgeplane/contracts';
import { redisOptionsFromUrl } from '@edgeplane/platform';
import { ControllerProcess } from '../support/controller-process';
import { completedTimeline, deploymentRequest, stopDeploymentRig, timelineSteps } from '../support/deployments';
import { Api, api } from '../support/http';
import { RunningProcess } from '../support/processes';
import { SimulatedDevice } from '../support/simulated-device';
import { compiledClassifier, eventually } from '../fleet/fleet-fixture';

const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
/** These devices send no telemetry: the test is about the process dying, not about gates. */
const LENIENT_GATES = { maxFailedPercent: 0, maxErrorRate: 1, maxP95LatencyMs: 100_000, minReportedPercent: 0 };

/**
 * The built controller as a real process, killed with SIGKILL while a wave bakes: a new process on the
 * same database, Redis queues and data directory finishes the deployment.
 */
describe('a deployment when the controller process is killed', () => {
  let controller: ControllerProcess;
  let admin: Api;
  let compiler: RunningProcess | undefined;
  let variants: Record<string, string>;
  const devices: SimulatedDevice[] = [];

  const view = async (id: string): Promise<DeploymentView> => (await admin.get(`/deployments/${id}`).expect(200)).body;

  beforeAll(async () => {
    controller = await ControllerProcess.create();
    await controller.start();
    admin = api(controller, controller.adminToken);
    ({ variants, compiler } = await compiledClassifier(controller, admin, ['cpu', 'gpu']));
  }, 120_000);
  afterAll(() => stopDeploymentRig(devices, compiler, controller));

  it('finishes completed, each step once, after a SIGKILL during a bake and a restart', async () => {
    const profiles = ['cpu', 'gpu', 'cpu', 'gpu'];
    for (const [index, hardwareProfile] of profiles.entries()) {
      const { body } = await admin.post('/devices', { name: `killed-${index}`, hardwareProfile, labels: { group: 'killed' } }).expect(201);
      const device = await SimulatedDevice.connect(BROKER, body.device.id, body.credentials.secret);
      devices.push(device);
      await device.online();
      device.applyDesiredStates();
    }
    // The first bake outlasts the kill and the new process's start-up, so the kill lands while it bakes.
    const strategy = { kind: 'waves', waves: [{ count: 2, bakeSeconds: 6 }, { bakeSeconds: 1 }] };
    const created: DeploymentView = (await admin.post('/deployments', deploymentRequest({ target: { selector: 'group=killed' }, strategy, gates: LENIENT_GATES })).expect(201)).body;
    const baking = await eventually(async () => {
      const body = await view(created.id);
      return body.waves[0].state === 'baking' ? body : undefined;
    }, 'wave 0 baking', 30_000);
    expect(Date.parse(baking.waves[0].bakeUntil!)).toBeGreaterThan(Date.now());

    await controller.kill();
    // What the new process has to go on: the end of the bake waits in Redis as a delayed job, not a running
    // one, so no stalled-job wait (~30 s) is involved; the new worker takes it when due (the resumer at boot
    // would queue the same job id from PostgreSQL had it been lost).
    expect(await rolloutJobState(controller, rolloutJobId(RolloutJobName.WaveBakeDone, { deploymentId: created.id, waveIndex: 0 }))).toBe('delayed');
    await controller.start();
    admin = api(controller, controller.adminToken);

    // Generous for a busy CI: the remaining bake, wave 1 and its 1 s bake take about 6 s.
    const done = await eventually(async () => {
      const body = await view(created.id);
      return body.state === 'running' ? undefined : body;
    }, `deployment ${created.id} to finish after the restart`, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\ncontroller output:\n${controller.output().slice(-4000)}`);
    });

    expect(done.state).toBe('completed');
    expect(done.waves.map((wave) => [wave.state, wave.devices.length])).toEqual([
      ['passed', 2],
      ['passed', 2],
    ]);
    for (const entry of done.waves.flatMap((wave) => wave.devices)) {
      expect(entry).toMatchObject({ status: 'active', variantId: variants[entry.hardwareProfile] });
    }
    // The bake was not cut short by the restart: wave 0 ended after its planned end, wave 1 started after it.
    expect(Date.parse(done.waves[0].finishedAt!)).toBeGreaterThanOrEqual(Date.parse(baking.waves[0].bakeUntil!));
    expect(Date.parse(done.waves[1].startedAt!)).toBeGreaterThanOrEqual(Date.parse(done.waves[0].finishedAt!));
    expect(timelineSteps(done)).toEqual(completedTimeline(2));
    // Wave 1's devices reported `active` to the new process: they were given their variant after the restart.
    for (const device of devices) expect((await device.desiredRevision(1)).body.assignments).toEqual([expect.objectContaining({ deploymentId: created.id })]);
  }, 120_000);
});

/** The state of a job in the controller's rollout queue, read straight from Redis. */
async function rolloutJobState(controller: ControllerProcess, jobId: string): Promise<string> {
  const queue = new Queue(QueueName.Rollout, { connection: redisOptionsFromUrl(controller.config.REDIS_URL), prefix: controller.config.EDGEPLANE_QUEUE_PREFIX });
  try {
    return (await queue.getJobState(jobId)) as string;
  } finally {
    await queue.close();
  }
}
