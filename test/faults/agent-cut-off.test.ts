import { CLS_DIMS, CLS_INPUT, clsInput } from '../../libs/agent/src/testing/cls-model';
import { compiledClassifier, eventually, provisionDevice, ProvisionedDevice } from '../fleet/fleet-fixture';
import { missingTelemetry, telemetryThrough } from '../support/fleet-telemetry';
import { AgentProcess } from '../support/agent-process';
import { startController, TestController } from '../support/controller';
import { CuttableProxy } from '../support/cuttable-proxy';
import { Api, api } from '../support/http';
import { expectNothingLost } from '../support/lost';
import { startBroker, TestBroker } from '../support/mosquitto';

const MODEL = 'text-direction';
const INPUT = { name: CLS_INPUT, dims: CLS_DIMS, data: clsInput(5) };
const AGENTS = 2;
/** As the issue says: a minute without a network, longer than MQTT's keepalive (30 s × 1.5), so both sides give the connection up. */
const CUT_MS = 60_000;
const TELEMETRY_INTERVAL_MS = 500;
/** Predictions each agent answers per second throughout (the load whose telemetry is spooled). */
const PREDICTIONS_PER_SECOND = 10;

/**
 * Real agents cut off the network for 60 s (a proxy between them and the broker stops passing
 * anything, closing nothing) while they answer predictions: their telemetry waits in the on-disk spool
 * and, once they are back, every message arrives once — no window missing, none twice, and every
 * prediction answered counted exactly once in the stored telemetry.
 */
describe('fault: agents cut off for 60 s under load', () => {
  let broker: TestBroker;
  let uplink: CuttableProxy;
  let controller: TestController;
  let operator: Api;
  let variantId: string;
  const devices: ProvisionedDevice[] = [];
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    broker = await startBroker();
    uplink = await CuttableProxy.start(broker.port);
    controller = await startController({ MQTT_URL: broker.url });
    operator = api(controller, controller.adminToken);
    const { variants, compiler } = await compiledClassifier(controller, operator, ['cpu']);
    await compiler.stop();
    variantId = variants.cpu;
    for (let index = 0; index < AGENTS; index++) {
      const device = await provisionDevice(operator, `cut-off-${index}`);
      devices.push(device);
      agents.push(await AgentProcess.start({ controllerUrl: controller.url, brokerUrl: uplink.mqttUrl, deviceId: device.id, secret: device.secret, telemetryIntervalMs: TELEMETRY_INTERVAL_MS }));
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.stop()));
    await controller?.close();
    await uplink?.close();
    await broker?.close();
  });

  it('delivers all spooled telemetry, once, after the cut', async () => {
    const testStart = new Date(Date.now() - 60_000);
    await Promise.all(devices.map((device) => operator.put(`/devices/${device.id}/desired`, { assignments: [{ variantId }] }).expect(200)));
    for (const device of devices) {
      await eventually(async () => {
        const { body } = await operator.get(`/devices/${device.id}/state`).expect(200);
        return body.converged && body.assignments[0]?.state === 'active' ? true : undefined;
      }, `${device.id} active`, 60_000);
    }

    const answered = agents.map(() => 0);
    let loading = true;
    const load = Promise.all(
      agents.map(async (agent, index) => {
        while (loading) {
          const { status } = await agent.predict(MODEL, INPUT);
          expect(status).toBe(200);
          answered[index]++;
          await new Promise((resolve) => setTimeout(resolve, 1_000 / PREDICTIONS_PER_SECOND));
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const cutAt = Date.now();
    uplink.cut();
    await new Promise((resolve) => setTimeout(resolve, CUT_MS));
    uplink.restore();
    const restoredAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    loading = false;
    await load;
    const loadEnd = Date.now();

    const outcome = [];
    for (const [index, device] of devices.entries()) {
      const messages = await telemetryThrough(operator, device.id, testStart, loadEnd + 2 * TELEMETRY_INTERVAL_MS, 120_000);
      outcome.push({
        device: device.id,
        messages: messages.length,
        distinct: new Set(messages.map((message) => message.messageId)).size,
        missing: missingTelemetry(messages, TELEMETRY_INTERVAL_MS),
        answered: answered[index],
        counted: messages.reduce((sum, message) => sum + message.inferences, 0),
        // Sent during the cut, received after it: they really waited in the spool.
        spooled: messages.filter((message) => Date.parse(message.windowEnd) > cutAt + 1_000 && Date.parse(message.windowEnd) < restoredAt - 1_000 && Date.parse(message.receivedAt) > restoredAt - 500).length,
      });
    }
    expectNothingLost(
      Object.fromEntries(outcome.flatMap(({ device, missing, answered: made, counted }) => [
        [`${device} telemetry`, missing],
        [`${device} predictions`, Math.max(0, made - counted)],
      ])),
      JSON.stringify(outcome),
    );
    for (const result of outcome) {
      expect(result.distinct).toBe(result.messages);
      expect(result.counted).toBe(result.answered); // each prediction counted once: no message stored twice
      expect(result.spooled).toBeGreaterThan((0.8 * CUT_MS) / TELEMETRY_INTERVAL_MS);
    }
  }, 240_000);
});
