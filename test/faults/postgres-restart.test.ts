import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, provisionDevice } from '../fleet/fleet-fixture';
import { ControllerProcess } from '../support/controller-process';
import { withDatabase } from '../support/deployments';
import { Api, api } from '../support/http';
import { expectNothingLost } from '../support/lost';
import { startBroker, TestBroker } from '../support/mosquitto';
import { type OwnPostgres, startOwnPostgres } from '../support/own-postgres';
import { SimulatedDevice } from '../support/simulated-device';
import { variantTelemetry } from '../support/telemetry-bodies';

const DEVICES = 10;
/** Each device sends a message every TICK_MS for LOAD_MS; PostgreSQL restarts in the middle. */
const TICK_MS = 50;
const LOAD_MS = 8_000;
const RESTART_AT_MS = 3_000;

/**
 * PostgreSQL restarted (pg_ctl restart -m fast: every session cut) while a fleet sends telemetry: the
 * controller (a real process) keeps running, and every message the devices sent is stored, once.
 * PostgreSQL is a cluster of this test's own, never the machine's shared server.
 */
describe('fault: PostgreSQL restarts under telemetry load', () => {
  let postgres: OwnPostgres;
  let broker: TestBroker;
  let controller: ControllerProcess;
  let operator: Api;
  const devices: SimulatedDevice[] = [];

  beforeAll(async () => {
    [postgres, broker] = await Promise.all([startOwnPostgres(), startBroker(readFileSync(join(__dirname, '../../deploy/mosquitto/edgeplane.conf'), 'utf8'))]);
    controller = await ControllerProcess.create({ database: postgres.database, env: { MQTT_URL: broker.url } });
    await controller.start();
    operator = api(controller, controller.adminToken);
    for (let index = 0; index < DEVICES; index++) {
      const device = await provisionDevice(operator, `pg-${index}`);
      devices.push(await SimulatedDevice.connect(broker.url, device.id, device.secret));
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all(devices.map((device) => device.close()));
    await controller?.close();
    await broker?.close();
    await postgres?.close();
  });

  it('stores every telemetry message sent across the restart, once', async () => {
    const variantId = randomUUID();
    const stored = () => withDatabase(controller, async (client) => (await client.query<{ rows: string; ids: string }>('SELECT count(*) AS rows, count(DISTINCT message_id) AS ids FROM telemetry_messages')).rows[0]);
    let sent = 0;
    const started = Date.now();
    const load = Promise.all(
      devices.map(async (device) => {
        while (Date.now() - started < LOAD_MS) {
          const end = new Date();
          await device.telemetry(variantTelemetry(variantId, [10, 12], 0, { start: new Date(end.getTime() - TICK_MS), end }));
          sent++;
          await new Promise((resolve) => setTimeout(resolve, TICK_MS));
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, RESTART_AT_MS));
    const before = Number((await stored()).rows);
    await postgres.restart('fast');
    await load;
    expect(before).toBeGreaterThan(0); // the restart came under load, not before it

    // Until everything is stored or the count stops moving for a while.
    let last = -1;
    let still = 0;
    const settled = await eventually(async () => {
      const counts = await stored().catch(() => undefined);
      if (!counts) return undefined;
      const rows = Number(counts.rows);
      still = rows === last ? still + 1 : 0;
      last = rows;
      return rows >= sent || still >= 50 ? counts : undefined;
    }, 'telemetry to be stored', 60_000);
    const ready = await operator.get('/ready');
    expectNothingLost({ telemetry: sent - Number(settled.ids) }, `sent ${sent}, stored ${settled.ids}; ingest stats ${JSON.stringify((await operator.get('/ingest/stats')).body)}\ncontroller:\n${controller.output().slice(-3000)}`);
    expect(Number(settled.rows)).toBe(sent);
    expect(ready.status).toBe(200);
  }, 120_000);
});
