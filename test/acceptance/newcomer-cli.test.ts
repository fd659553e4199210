import type { DeploymentView } from '@edgeplane/contracts';
import { CLS_DIMS, CLS_INPUT, clsInput } from '../../libs/agent/src/testing/cls-model';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { AgentProcess } from '../support/agent-process';
import { cliShell, CliShell } from '../support/cli';
import { startController, TestController } from '../support/controller';
import { RunningProcess, startCompilerFor } from '../support/processes';

const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';

/**
 * Issue 8's acceptance for the CLI: the path of docs/cli.md ("A newcomer's path"), command for
 * command, with real edge agents standing in for the demo's — a newcomer provisions the devices,
 * hands each agent the secret the CLI printed, pushes the real model, compiles it and deploys it in
 * gated waves, and watches it complete.
 */
describe('acceptance: a newcomer with the CLI alone', () => {
  let controller: TestController;
  let compiler: RunningProcess;
  let shell: CliShell;
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    controller = await startController();
    compiler = await startCompilerFor(controller);
    shell = await cliShell();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.stop()));
    await shell?.cleanup();
    await compiler?.stop();
    await controller?.close();
  });

  it('provisions devices, pushes a real model, compiles it, deploys it to running agents and watches it complete', async () => {
    const login = await shell.run(['login', '--url', controller.url, '--key', controller.adminToken]);
    expect(login.code).toBe(0);

    for (const name of ['cam-1', 'cam-2']) {
      const provisioned = await shell.run(['devices', 'provision', name, '--profile', 'cpu', '--label', 'site=berlin']);
      expect(provisioned.code).toBe(0);
      // What a person copies from the terminal into the device's agent settings.
      const deviceId = /^Device id \(MQTT username\): (\S+)$/m.exec(provisioned.stdout)?.[1];
      const secret = /^Secret: (\S+)$/m.exec(provisioned.stdout)?.[1];
      expect({ deviceId, secret }).toEqual({ deviceId: expect.any(String), secret: expect.any(String) });
      agents.push(await AgentProcess.start({ controllerUrl: controller.url, brokerUrl: BROKER, deviceId: deviceId!, secret: secret! }));
    }

    const pushed = await shell.run(['models', 'push', 'text-direction', REAL_MODEL_FILES.cls]);
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toMatch(/version 1\b/);

    const compiled = await shell.run(['compile', 'text-direction', '1', '--profiles', 'cpu']);
    expect(compiled.code).toBe(0);
    expect(compiled.stdout).toMatch(/^cpu: accepted: cosine 0\.\d{4}/m);

    const deployed = await shell.run(['deploy', 'text-direction', '1', '--selector', 'site=berlin', '--waves', '1,rest', '--bake', '3', '--max-p95-ms', '50', '--interval', '1']);
    expect(deployed.stderr).not.toMatch(/edgeplane: /);
    expect(deployed.code).toBe(0);
    expect(deployed.stdout).toMatch(/wave 1\/2: passed/);
    expect(deployed.stdout).toMatch(/wave 2\/2: passed/);
    expect(deployed.stdout).toMatch(/completed/);

    const listed = await shell.run(['rollouts', 'ls', '--json']);
    const [deployment] = JSON.parse(listed.stdout) as DeploymentView[];
    expect(deployment).toMatchObject({ model: { name: 'text-direction', version: 1 }, state: 'completed' });

    // The agents really serve the compiled variant now.
    const answer = await agents[1].predict('text-direction', { name: CLS_INPUT, dims: CLS_DIMS, data: clsInput(3) });
    expect(answer.status).toBe(200);

    const tail = await shell.run(['telemetry', 'tail', 'cam-1', '--once']);
    expect(tail.code).toBe(0);
    expect(tail.stdout.trim().split('\n').length).toBeGreaterThan(1);
  }, 300_000);
});
