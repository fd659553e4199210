import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startController, TestController } from '../support/controller';
import { withDatabase } from '../support/deployments';
import { Api, api } from '../support/http';
import { startBroker, TestBroker } from '../support/mosquitto';
import { SimulatedDevice } from '../support/simulated-device';
import { variantTelemetry } from '../support/telemetry-bodies';
import { eventually, provisionDevice } from './fleet-fixture';

const DEVICES = 4;
const MESSAGES_PER_DEVICE = 1_500;
const SENT = DEVICES * MESSAGES_PER_DEVICE;

/**
 * A fleet sending faster than PostgreSQL stores: the controller holds at most its limit of messages
 * in its handlers and leaves the rest queued at the broker (with the broker settings Edgeplane ships,
 * deploy/mosquitto/edgeplane.conf), then stores every message once storage moves again.
 */
describe('ingest backpressure', () => {
  let broker: TestBroker;
  let controller: TestController;
  let operator: Api;
  const devices: SimulatedDevice[] = [];
  const stats = async () => (await operator.get('/ingest/stats').expect(200)).body;

  beforeAll(async () => {
    broker = await startBroker(readFileSync(join(__dirname, '../../deploy/mosquitto/edgeplane.conf'), 'utf8'));
    controller = await startController({ MQTT_URL: broker.url });
    operator = api(controller, controller.adminToken);
    for (let index = 0; index < DEVICES; index++) {
      const device = await provisionDevice(operator, `burst-${index}`);
      devices.push(await SimulatedDevice.connect(broker.url, device.id, device.secret));
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all(devices.map((device) => device.close()));
    await controller?.close();
    await broker?.close();
  });

  it('stops reading at its limit while storage is blocked, then stores all messages, none lost', async () => {
    const variantId = randomUUID();
    const stored = async () => withDatabase(controller, async (client) => Number((await client.query('SELECT count(*) FROM telemetry_messages')).rows[0].count));
    const blocker = new Client({ connectionString: controller.config.DATABASE_URL });
    await blocker.connect();
    try {
      // Telemetry cannot be inserted while this lock is held: every batch the controller writes waits.
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE telemetry_messages IN SHARE MODE');
      const window = { start: new Date(Date.now() - 10_000), end: new Date() };
      // The broker acknowledges each publish; the burst is three times the controller's limit.
      await Promise.all(devices.flatMap((device) => Array.from({ length: MESSAGES_PER_DEVICE }, () => device.telemetry(variantTelemetry(variantId, [10, 11, 12], 0, window)))));

      const { limit } = (await stats()).inHandlers;
      expect(limit).toBeLessThan(SENT);
      await eventually(async () => ((await stats()).inHandlers.now === limit ? true : undefined), 'the controller to reach its limit', 20_000);
      // Held there: the broker keeps the rest instead of the controller.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await stats()).inHandlers).toEqual({ now: limit, peak: limit, limit });
      expect(await stored()).toBe(0);
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }

    await eventually(async () => ((await stored()) === SENT ? true : undefined), `all ${SENT} messages stored`, 60_000);
    const after = await stats();
    expect(after.accepted.telemetry).toBe(SENT);
    expect(after.inHandlers).toEqual({ now: 0, peak: after.inHandlers.limit, limit: after.inHandlers.limit });
  }, 120_000);
});

