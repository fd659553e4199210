import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeploymentView } from '@edgeplane/contracts';
import { compiledClassifier, eventually, provisionDevice, ProvisionedDevice } from '../fleet/fleet-fixture';
import { AgentProcess } from '../support/agent-process';
import { ControllerProcess } from '../support/controller-process';
import { deploymentRequest } from '../support/deployments';
import { missingTelemetry, telemetryThrough } from '../support/fleet-telemetry';
import { freePort } from '../support/free-port';
import { Api, api } from '../support/http';
import { expectNothingLost } from '../support/lost';
import { startBroker, TestBroker } from '../support/mosquitto';

const AGENTS = 4;
/** Telemetry flows all the time, so that the kill lands with messages in the controller's hands. */
const TELEMETRY_INTERVAL_MS = 250;
/** A failed install fails the wave; the rest is lenient (the test is about the process dying, not about gates). */
const GATES = { maxFailedPercent: 0, maxErrorRate: 1, maxP95LatencyMs: 100_000, minReportedPercent: 0 };

/**
 * The built controller SIGKILLed in the middle of a deployment's second wave, the moment the first
 * of its real agents has its model file verified on disk (it loads, self-tests and reports `active`
 * while the controller is dead), then started again: the deployment completes with every device
 * active, and the agents' telemetry is all stored. The controller runs as docs/scaling.md says to run
 * it in production: with a persistent MQTT session (EDGEPLANE_MQTT_CLIENT_ID), so that the broker (the
 * test's own, with deploy/mosquitto/edgeplane.conf) keeps device messages for it while it is down and
 * delivers again what it had not acknowledged; with a clean session (the default) the broker drops
 * both, and no controller could store them. One address (a fixed port) for the agents, as behind a
 * load balancer.
 */
describe('fault: the controller is SIGKILLed mid-rollout', () => {
  let broker: TestBroker;
  let controller: ControllerProcess;
  let operator: Api;
  let variantId: string;
  const devices: ProvisionedDevice[] = [];
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    broker = await startBroker(readFileSync(join(__dirname, '../../deploy/mosquitto/edgeplane.conf'), 'utf8'));
    controller = await ControllerProcess.create({
      env: { MQTT_URL: broker.url, EDGEPLANE_MQTT_CLIENT_ID: `edgeplane-fault-${randomUUID()}`, EDGEPLANE_HTTP_PORT: String(await freePort()) },
    });
    await controller.start();
    operator = api(controller, controller.adminToken);
    const { variants, compiler } = await compiledClassifier(controller, operator, ['cpu']);
    await compiler.stop();
    variantId = variants.cpu;
    for (let index = 0; index < AGENTS; index++) devices.push(await provisionDevice(operator, `controller-kill-${index}`));
    agents.push(...(await Promise.all(devices.map((device) => AgentProcess.start({ controllerUrl: controller.url, brokerUrl: broker.url, deviceId: device.id, secret: device.secret, telemetryIntervalMs: TELEMETRY_INTERVAL_MS })))));
  }, 150_000);
  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.stop()));
    await controller?.close();
    await broker?.close();
  });

  it('completes the deployment on every device and stores all telemetry after the restart', async () => {
    const testStart = new Date();
    const { sha256 } = (await operator.get(`/compile-jobs/${variantId}`).expect(200)).body.artifact as { sha256: string };
    const strategy = { kind: 'waves', waves: [{ count: 1, bakeSeconds: 2 }, { bakeSeconds: 3 }] };
    const created = (await operator.post('/deployments', deploymentRequest({ target: { deviceIds: devices.map(({ id }) => id) }, strategy, gates: GATES })).expect(201)).body as DeploymentView;
    const view = async () => (await operator.get(`/deployments/${created.id}`).expect(200)).body as DeploymentView;
    const applying = await eventually(async () => {
      const body = await view();
      return body.waves[1].state === 'applying' ? body : undefined;
    }, 'wave 1 applying', 60_000);
    const waveOne = new Set(applying.waves[1].devices.map((entry) => entry.deviceId));
    const verifiedFiles = agents.filter((agent) => waveOne.has(agent.settings.deviceId)).map((agent) => join(agent.settings.dataDir, 'artifacts', `${sha256}.onnx`));
    for (const deadline = Date.now() + 60_000; !verifiedFiles.some((file) => existsSync(file)) && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 10));

    await controller.kill();
    await controller.start();

    const done = await eventually(async () => {
      const body = await view();
      return body.state === 'running' ? undefined : body;
    }, `deployment ${created.id} to finish`, 60_000).catch(view);
    const end = Date.now();
    const active = done.waves.flatMap((wave) => wave.devices).filter((entry) => entry.status === 'active' && entry.variantId === variantId);
    const telemetry = await Promise.all(devices.map((device) => telemetryThrough(operator, device.id, testStart, end + 2 * TELEMETRY_INTERVAL_MS)));
    expectNothingLost(
      { devices: AGENTS - active.length, telemetry: telemetry.reduce((sum, messages) => sum + missingTelemetry(messages, TELEMETRY_INTERVAL_MS), 0) },
      `deployment: ${done.state} ${JSON.stringify(done.waves.map((wave) => wave.devices.map((entry) => entry.status)))}\n` +
        `gaps: ${JSON.stringify(telemetry.map((messages) => messages.slice(1).flatMap((message, index) => (message.windowStart === messages[index].windowEnd ? [] : [[messages[index].windowEnd, message.windowStart]]))))}`,
    );
    expect(done.state).toBe('completed');
    for (const messages of telemetry) expect(new Set(messages.map((message) => message.messageId)).size).toBe(messages.length);
  }, 200_000);
});
