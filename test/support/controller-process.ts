import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { EdgeplaneConfig, loadConfig, newSecretToken } from '@edgeplane/platform';
import type { TestController } from './controller';
import { createTestDatabase, TestDatabase } from './database';
import { RunningProcess, startProcess } from './processes';
import { installControllerKeys } from './signing';

const ROOT = join(__dirname, '..', '..');
/** The built controller (Jest's global setup builds it). */
export const CONTROLLER_MAIN = join(ROOT, 'dist/apps/controller/apps/controller/src/main.js');

/**
 * The built controller run as a real process, as an operator runs it, with its own database, data
 * directory and queue prefix; `start()` again after a kill is a new process on the same ones.
 */
export class ControllerProcess implements Pick<TestController, 'url' | 'adminToken' | 'config'> {
  private running?: RunningProcess;
  url = '';

  private constructor(
    readonly config: EdgeplaneConfig,
    readonly adminToken: string,
    private readonly env: Record<string, string>,
    /** The database this process made and drops on close(); a replica, or one given a database, owns none. */
    private readonly database: TestDatabase | null,
    /** A replica leaves the database and data directory to the process it was made from. */
    private readonly isReplica = false,
  ) {}

  /**
   * `database` instead of a fresh one on the test server (e.g. a PostgreSQL of the test's own; the
   * process then drops nothing), `env` to override settings (MQTT_URL, REDIS_URL, a fixed port…).
   */
  static async create({ database, env: overrides = {} }: { database?: TestDatabase; env?: Record<string, string> } = {}): Promise<ControllerProcess> {
    const owned = database ? null : await createTestDatabase();
    database ??= owned!;
    const adminToken = newSecretToken('epk');
    const dataDir = await mkdtemp(join(tmpdir(), 'edgeplane-process-'));
    await installControllerKeys(dataDir); // the key test agents trust (test/support/signing.ts)
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      MQTT_URL: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
      EDGEPLANE_HTTP_HOST: '127.0.0.1',
      EDGEPLANE_HTTP_PORT: '0',
      EDGEPLANE_DATA_DIR: dataDir,
      // Queues and a shared-subscription group of its own, as in test/support/controller.ts.
      EDGEPLANE_QUEUE_PREFIX: database.name,
      EDGEPLANE_MQTT_SHARE_GROUP: database.name,
      EDGEPLANE_BOOTSTRAP_ADMIN_KEY: adminToken,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      ...overrides,
    };
    return new ControllerProcess(loadConfig(env), adminToken, env, owned);
  }

  /**
   * Another replica of the same deployment, not started yet: the same database, data directory, queue
   * prefix and MQTT share group (each process gets a client id of its own). Its close() stops it only.
   */
  replica(): ControllerProcess {
    return new ControllerProcess(this.config, this.adminToken, this.env, null, true);
  }

  /** Starts a process and resolves once it is ready: PostgreSQL, Redis and the device-topic subscriptions. */
  async start(): Promise<void> {
    this.running = await startProcess(CONTROLLER_MAIN, this.env, /Listening on http/);
    const listening = /Listening on (http:\/\/[^;\s"]+)/.exec(this.running.output());
    if (!listening) throw new Error(`no URL in the controller's output:\n${this.running.output()}`);
    this.url = listening[1].replace('localhost', '127.0.0.1');
    // Device reports sent before the subscriptions are granted would be lost to this process.
    for (const deadline = Date.now() + 30_000; ; ) {
      const ready = await request(this.url).get('/api/v1/ready');
      if (ready.status === 200) return;
      if (Date.now() > deadline) throw new Error(`controller not ready after 30 s: ${JSON.stringify(ready.body)}\n${this.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** SIGKILL: no shutdown hooks, jobs and locks left in Redis as they are. */
  async kill(): Promise<void> {
    const child = this.running?.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  output(): string {
    return this.running?.output() ?? '';
  }

  /** Stops the process, then drops its database (if it made it) and data directory (unless it is a replica). */
  async close(): Promise<void> {
    await this.running?.stop();
    if (this.isReplica) return;
    await this.database?.drop();
    await rm(this.config.EDGEPLANE_DATA_DIR, { recursive: true, force: true });
  }
}
