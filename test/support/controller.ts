import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DeviceMqttServer } from '@edgeplane/fleet';
import { EdgeplaneConfig, loadConfig, newSecretToken } from '@edgeplane/platform';
import { createControllerApp } from '../../apps/controller/src/controller.app';
import { createTestDatabase, TestDatabase } from './database';
import { installControllerKeys } from './signing';

/** A controller serving HTTP on a free port, with its own database and data directory. */
export interface TestController {
  app: NestExpressApplication;
  url: string;
  config: EdgeplaneConfig;
  /** Token of the bootstrap admin key. */
  adminToken: string;
  /** The CA that clients must trust, when a test serves HTTPS with a certificate of its own CA (test/tls). */
  ca?: Buffer;
  /**
   * Closes the app and starts a new one on the same database, data directory and queue prefix (as a
   * restarted process would); `app` and `url` then name the new one (the port changes).
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the real controller against the machine's PostgreSQL, Redis and Mosquitto. Each call gets a
 * fresh database, so tests never see each other's rows. `env` overrides settings (e.g. a dead Redis);
 * start-up waits for the device-topic subscriptions unless `awaitIngest` is false (a dead broker).
 */
export async function startController(
  env: Record<string, string> = {},
  { awaitIngest = true }: { awaitIngest?: boolean } = {},
): Promise<TestController> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'edgeplane-test-'));
  // Variants are signed with the test key, which test agents trust (test/support/signing.ts).
  await installControllerKeys(dataDir);
  const adminToken = newSecretToken('epk');
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    MQTT_URL: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
    EDGEPLANE_HTTP_HOST: '127.0.0.1',
    EDGEPLANE_HTTP_PORT: '0',
    EDGEPLANE_DATA_DIR: dataDir,
    // Queues of their own, so that tests never take each other's jobs.
    EDGEPLANE_QUEUE_PREFIX: database.name,
    // …and a shared-subscription group of their own, so each controller sees every device message.
    EDGEPLANE_MQTT_SHARE_GROUP: database.name,
    EDGEPLANE_BOOTSTRAP_ADMIN_KEY: adminToken,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...env,
  });
  const serve = async () => {
    const app = await createControllerApp(config);
    // On a loaded machine the broker may take longer than start-up waits; tests must not lose the first messages.
    if (awaitIngest) await app.get(DeviceMqttServer).subscriptionsGranted(30_000);
    await app.listen(0, '127.0.0.1');
    return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
  };
  const controller: TestController = {
    ...(await serve()),
    config,
    adminToken,
    restart: async () => {
      await controller.app.close();
      Object.assign(controller, await serve());
    },
    close: () => closeAll(controller.app, database, dataDir),
  };
  return controller;
}

async function closeAll(app: NestExpressApplication, database: TestDatabase, dataDir: string) {
  await app.close();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
}
