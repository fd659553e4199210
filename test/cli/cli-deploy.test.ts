import type { DeploymentSummaryView, DeploymentView, DeviceCredentialsView, DeviceView } from '@edgeplane/contracts';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { cliShell, CliShell } from '../support/cli';
import { startController, TestController } from '../support/controller';
import { stopDeploymentRig } from '../support/deployments';
import { RunningProcess, startCompilerFor } from '../support/processes';
import { SimulatedDevice } from '../support/simulated-device';
import { eventually } from '../fleet/fleet-fixture';
import { variantTelemetry } from '../support/telemetry-bodies';

const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
/** Gates devices that send no telemetry can pass; only failures to apply count (maxFailedPercent 0). */
const GATES = ['--max-p95-ms', '100000', '--max-error-rate', '1', '--min-reported-percent', '0', '--max-failed-percent', '0'];

describe('edgeplane CLI: deploy and rollouts', () => {
  let controller: TestController;
  let compiler: RunningProcess | undefined;
  let shell: CliShell;
  const devices: SimulatedDevice[] = [];

  /** Provisions a device with the CLI and connects it as a simulated agent that applies what it is sent. */
  const device = async (name: string, group: string, failWith: string | null = null) => {
    const run = await shell.run(['devices', 'provision', name, '--profile', 'cpu', '--label', `group=${group}`, '--json']);
    const { device: view, credentials } = JSON.parse(run.stdout) as { device: DeviceView; credentials: DeviceCredentialsView };
    const simulated = await SimulatedDevice.connect(BROKER, view.id, credentials.secret);
    devices.push(simulated);
    await simulated.online();
    simulated.applyDesiredStates({ failWith });
  };

  beforeAll(async () => {
    controller = await startController();
    compiler = await startCompilerFor(controller);
    shell = await cliShell();
    expect((await shell.run(['login', '--url', controller.url, '--key', controller.adminToken])).code).toBe(0);
    expect((await shell.run(['models', 'push', 'text-direction', REAL_MODEL_FILES.cls])).code).toBe(0);
    expect((await shell.run(['compile', 'text-direction', '1', '--profiles', 'cpu'])).code).toBe(0);
    await device('good-1', 'good');
    await device('good-2', 'good');
    await device('bad-1', 'bad', 'the accelerator is busy');
  }, 180_000);
  afterAll(async () => {
    await shell?.cleanup();
    await stopDeploymentRig(devices, compiler, controller);
  });

  it('deploys in waves, printing wave progress and gate results, and exits 0 when completed', async () => {
    const run = await shell.run(['deploy', 'text-direction', '1', '--selector', 'group=good', '--waves', '1,rest', '--bake', '0', '--interval', '1', ...GATES]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('to 2 of 2 targeted devices (0 skipped) in 2 wave(s)');
    expect(run.stdout).toMatch(/^ {2}wave 1\/2: passed — 1 device: 1 active$/m);
    expect(run.stdout).toMatch(/^ {2}wave 2\/2: passed — 1 device: 1 active$/m);
    expect(run.stdout).toMatch(/^ {4}gates passed$/m);
    expect(run.stdout).toMatch(/^ {4}ok {3}maxFailedPercent: measured 0 \(threshold 0\)/m);
    expect(run.stdout).toMatch(/: completed$/m);
  }, 120_000);

  it('exits 7 when a wave fails its gates and the deployment rolls back, with the failed gate', async () => {
    const run = await shell.run(['deploy', 'text-direction', '1', '--selector', 'group=bad', '--bake', '0', '--interval', '1', '--json', ...GATES]);
    expect(run.code).toBe(7);
    const deployment = JSON.parse(run.stdout) as DeploymentView;
    expect(deployment.state).toBe('rolled_back');
    expect(run.stderr).toContain(`edgeplane rollouts show ${deployment.id}`);

    const shown = await shell.run(['rollouts', 'show', deployment.id]);
    expect(shown.stdout).toMatch(/^ {2}FAIL maxFailedPercent: measured 100 \(threshold 0\)/m);
    expect(shown.stdout).toMatch(/^ {2}\S+ cpu rolled_back$/m);
    const listed = await shell.run(['rollouts', 'ls', '--json']);
    expect((JSON.parse(listed.stdout) as DeploymentSummaryView[]).map((item) => item.state)).toEqual(['rolled_back', 'completed']);
  }, 120_000);

  it('leaves a deployment running on Ctrl-C, then pauses, resumes and aborts it (exit 6 when watched to the end)', async () => {
    const watching = shell.start(['deploy', 'text-direction', '1', '--selector', 'group=good', '--bake', '600', '--interval', '1', '--supersede', ...GATES]);
    await eventually(async () => (/wave 1\/1: baking/.test(watching.stdout()) ? true : undefined), 'the wave to bake', 60_000);
    watching.child.kill('SIGINT');
    const stopped = await watching.finished;
    expect(stopped.code).toBe(130);
    const id = /rollouts show (\S+) --watch/.exec(stopped.stderr)![1]!;
    expect(stopped.stderr).toContain(`Deployment ${id} keeps running`);

    const paused = await shell.run(['rollouts', 'pause', id]);
    expect(paused).toMatchObject({ code: 0, stdout: `Deployment ${id}: paused (pause accepted)\n` });
    expect((await shell.run(['rollouts', 'pause', id])).code).toBe(5);
    expect((await shell.run(['rollouts', 'resume', id, '--json'])).code).toBe(0);

    const watchAgain = shell.start(['rollouts', 'show', id, '--watch', '--interval', '1']);
    await eventually(async () => (/baking/.test(watchAgain.stdout()) ? true : undefined), 'the watch to start', 30_000);
    expect((await shell.run(['rollouts', 'abort', id])).code).toBe(0);
    const aborted = await watchAgain.finished;
    expect(aborted.code).toBe(6);
    expect(aborted.stdout).toMatch(/: rolled_back$/m);
    expect((await shell.run(['rollouts', 'show', '0190a0a0-0000-7000-8000-000000000000'])).code).toBe(4);
  }, 180_000);

  it('tails a device\'s telemetry: what arrived so far, then new windows until Ctrl-C', async () => {
    const [variant] = JSON.parse((await shell.run(['compile', 'text-direction', '1', '--profiles', 'cpu', '--json'])).stdout) as { id: string }[];
    const good = devices[0]!;
    const window = (minutesAgo: number) => ({ start: new Date(Date.now() - (minutesAgo + 1) * 60_000), end: new Date(Date.now() - minutesAgo * 60_000) });
    await good.telemetry(variantTelemetry(variant!.id, [3, 4, 5], 0, window(2)));
    const first = await eventually(async () => {
      const run = await shell.run(['telemetry', 'tail', 'good-1', '--once']);
      return run.stdout.includes('3 inferences') ? run : undefined;
    }, 'the first telemetry message', 20_000);
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split('\n')).toHaveLength(1);

    const tail = shell.start(['telemetry', 'tail', 'good-1', '--interval', '1', '--json']);
    await eventually(async () => (tail.stdout().includes('"inferences":3') ? true : undefined), 'the tail to start', 20_000);
    await good.telemetry(variantTelemetry(variant!.id, [1, 2, 3, 4, 5, 6, 7], 0, window(0)));
    await eventually(async () => (tail.stdout().includes('"inferences":7') ? true : undefined), 'the new window', 20_000);
    tail.child.kill('SIGINT');
    const ended = await tail.finished;
    expect(ended.code).toBe(0);
    expect(ended.stdout.trim().split('\n').map((line) => JSON.parse(line).inferences)).toEqual([3, 7]);
  }, 60_000);

  it('refuses a deploy without a target or a latency gate as a usage error', async () => {
    expect((await shell.run(['deploy', 'text-direction', '1', ...GATES])).code).toBe(2);
    const noGate = await shell.run(['deploy', 'text-direction', '1', '--selector', 'group=good']);
    expect(noGate.code).toBe(2);
    expect(noGate.stderr).toContain('--max-p95-ms');
    expect((await shell.run(['deploy', 'text-direction', '1', '--selector', 'x', '--waves', 'rest,1', ...GATES])).code).toBe(2);
  });
});
