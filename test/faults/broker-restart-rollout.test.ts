import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeploymentView } from '@edgeplane/contracts';
import { compiledClassifier, eventually, provisionDevice, ProvisionedDevice } from '../fleet/fleet-fixture';
import { AgentProcess } from '../support/agent-process';
import { startController, TestController } from '../support/controller';
import { deploymentRequest } from '../support/deployments';
import { missingTelemetry, telemetryThrough } from '../support/fleet-telemetry';
import { Api, api } from '../support/http';
import { expectNothingLost } from '../support/lost';
import { startBroker, TestBroker } from '../support/mosquitto';

const AGENTS = 4;
const TELEMETRY_INTERVAL_MS = 500;
/** How long the broker stays down. */
const OUTAGE_MS = 5_000;
/** A failed install fails the wave; the rest is lenient (the test is about the broker, not about gates). */
const GATES = { maxFailedPercent: 0, maxErrorRate: 1, maxP95LatencyMs: 100_000, minReportedPercent: 0 };

/**
 * Mosquitto (the test's own, without persistence, as the harshest case: it forgets retained desired
 * states and queued messages) restarted while a deployment's second wave is being applied to real
 * agents: the deployment completes with every device active, and no telemetry goes missing.
 */
describe('fault: Mosquitto restarts mid-rollout', () => {
  let broker: TestBroker;
  let controller: TestController;
  let operator: Api;
  let variantId: string;
  const devices: ProvisionedDevice[] = [];
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    broker = await startBroker(readFileSync(join(__dirname, '../../deploy/mosquitto/edgeplane.conf'), 'utf8'));
    controller = await startController({ MQTT_URL: broker.url });
    operator = api(controller, controller.adminToken);
    const { variants, compiler } = await compiledClassifier(controller, operator, ['cpu']);
    await compiler.stop();
    variantId = variants.cpu;
    for (let index = 0; index < AGENTS; index++) devices.push(await provisionDevice(operator, `broker-restart-${index}`));
    agents.push(...(await Promise.all(devices.map((device) => AgentProcess.start({ controllerUrl: controller.url, brokerUrl: broker.url, deviceId: device.id, secret: device.secret, telemetryIntervalMs: TELEMETRY_INTERVAL_MS })))));
  }, 150_000);
  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.stop()));
    await controller?.close();
    await broker?.close();
  });

  it('completes the deployment on every device and loses no telemetry', async () => {
    const testStart = new Date();
    const strategy = { kind: 'waves', waves: [{ count: 1, bakeSeconds: 2 }, { bakeSeconds: 3 }] };
    const created = (await operator.post('/deployments', deploymentRequest({ target: { deviceIds: devices.map(({ id }) => id) }, strategy, gates: GATES })).expect(201)).body as DeploymentView;
    const view = async () => (await operator.get(`/deployments/${created.id}`).expect(200)).body as DeploymentView;
    await eventually(async () => ((await view()).waves[1].state === 'applying' ? true : undefined), 'wave 1 applying', 60_000);

    await broker.stop();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await broker.start();

    const done = await eventually(async () => {
      const body = await view();
      return body.state === 'running' ? undefined : body;
    }, `deployment ${created.id} to finish`, 120_000).catch(view);
    const end = Date.now();
    const active = done.waves.flatMap((wave) => wave.devices).filter((entry) => entry.status === 'active' && entry.variantId === variantId);
    const telemetry = await Promise.all(devices.map((device) => telemetryThrough(operator, device.id, testStart, end + 2 * TELEMETRY_INTERVAL_MS)));
    expectNothingLost(
      { devices: AGENTS - active.length, telemetry: telemetry.reduce((sum, messages) => sum + missingTelemetry(messages, TELEMETRY_INTERVAL_MS), 0) },
      `deployment: ${done.state} ${JSON.stringify(done.waves.map((wave) => wave.devices.map((entry) => entry.status)))}\nagent 0:\n${agents[0].process.output().slice(-2000)}`,
    );
    expect(done.state).toBe('completed');
    for (const messages of telemetry) expect(new Set(messages.map((message) => message.messageId)).size).toBe(messages.length);
  }, 200_000);
});
