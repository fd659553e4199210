import type { DeploymentView } from '@edgeplane/contracts';
import { CLS_DIMS, CLS_INPUT, clsInput } from '../../libs/agent/src/testing/cls-model';
import { AgentProcess } from '../support/agent-process';
import { startController, TestController } from '../support/controller';
import { deploymentRequest } from '../support/deployments';
import { Api, api } from '../support/http';
import { RunningProcess } from '../support/processes';
import { compiledClassifier, eventually, provisionDevice, ProvisionedDevice } from '../fleet/fleet-fixture';

const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const INPUT = { name: CLS_INPUT, dims: CLS_DIMS, data: clsInput(3) };

/**
 * One full rollout to the reference device: three real edge agent processes (the built apps/edge-agent),
 * which download, verify and load the variant before they report it active.
 */
describe('a deployment to real edge agents', () => {
  let controller: TestController;
  let admin: Api;
  let compiler: RunningProcess | undefined;
  let variants: Record<string, string>;
  const devices: ProvisionedDevice[] = [];
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    controller = await startController();
    admin = api(controller, controller.adminToken);
    ({ variants, compiler } = await compiledClassifier(controller, admin, ['cpu']));
    for (const name of ['agent-1', 'agent-2', 'agent-3']) devices.push(await provisionDevice(admin, name));
    for (const device of devices) {
      agents.push(await AgentProcess.start({ controllerUrl: controller.url, brokerUrl: BROKER, deviceId: device.id, secret: device.secret }));
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.stop()));
    await compiler?.stop();
    await controller?.close();
  });

  it('rolls out in two waves until every agent serves the deployed variant', async () => {
    const strategy = { kind: 'waves', waves: [{ count: 1, bakeSeconds: 2 }, { bakeSeconds: 2 }] };
    // A failed install on any agent fails the wave; the rest is lenient (no traffic is sent during the bakes).
    const gates = { maxFailedPercent: 0, maxErrorRate: 1, maxP95LatencyMs: 100_000, minReportedPercent: 0 };

    const created: DeploymentView = (await admin.post('/deployments', deploymentRequest({ target: { deviceIds: devices.map(({ id }) => id) }, strategy, gates })).expect(201)).body;
    const done = await eventually(async () => {
      const { body } = await admin.get(`/deployments/${created.id}`).expect(200);
      return body.state === 'running' ? undefined : (body as DeploymentView);
    }, `deployment ${created.id} to finish`, 90_000).catch((error: Error) => {
      throw new Error(`${error.message}\nagent logs:\n${agents.map((agent) => agent.process.output().slice(-2000)).join('\n---\n')}`);
    });

    expect(done.state).toBe('completed');
    expect(done.waves.map((wave) => [wave.state, wave.devices.length])).toEqual([
      ['passed', 1],
      ['passed', 2],
    ]);
    for (const entry of done.waves.flatMap((wave) => wave.devices)) expect(entry).toMatchObject({ status: 'active', variantId: variants.cpu });
    for (const agent of agents) {
      const { status, body } = await agent.predict('text-direction', INPUT);
      expect(status).toBe(200);
      expect(body.variantId).toBe(variants.cpu);
    }
  }, 120_000);
});
