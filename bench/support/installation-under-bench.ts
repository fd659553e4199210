import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import type { CompileJobView } from '@edgeplane/contracts';
import { runMigrationCli } from '../../libs/persistence/src/migrations/cli-process';
import { newSecretToken } from '../../libs/platform/src/security/secret-token';
import { databaseUrl, dropDatabase } from '../../test/support/database';
import { assertBuildIsCurrent, BuiltProcess } from './built-process';

const ROOT = join(__dirname, '..', '..');
const CONTROLLER_MAIN = join(ROOT, 'dist/apps/controller/apps/controller/src/main.js');
const COMPILER_MAIN = join(ROOT, 'dist/apps/compiler/apps/compiler/src/main.js');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MQTT_URL = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
/**
 * To profile the controller under a benchmark: BENCH_CONTROLLER_NODE_FLAGS="--prof --logfile=/tmp/controller.v8.log
 * --no-logfile-per-isolate", then `node --prof-process /tmp/controller.v8.log`. V8 writes its tick log as it
 * runs, so the profile survives the benchmark stopping the process with a signal (--cpu-prof would not).
 */
const CONTROLLER_NODE_FLAGS = process.env.BENCH_CONTROLLER_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
/** Numbers the installations of one bench process: the scale benchmarks run one after another in one process. */
let installations = 0;

/**
 * Edgeplane as an operator runs it, for a benchmark: the built controller on a fresh, migrated
 * database, a data directory and a queue prefix of its own, and built compiler processes on demand.
 * The tests start the controller in-process; a benchmark cannot (tsx emits no decorator metadata,
 * which Nest's injection needs) and should not (it measures the product's processes).
 * `stop` removes everything `start` and `startCompilers` created, also after a failure half-way.
 */
export class InstallationUnderBench {
  /** Database name, queue prefix and MQTT share group: one name, so leftovers are easy to trace. */
  readonly name = `edgeplane_bench_${process.pid}_${++installations}`;
  /** The bootstrap admin API key, for load tools that send their own requests. */
  readonly adminToken = newSecretToken('epk');
  private readonly processes = new Set<BuiltProcess>();
  private readonly cleanups: Array<() => Promise<unknown> | void> = [];
  private stopped: Promise<void> | undefined;
  private origin = '';
  private dataDir = '';
  private controllerProcess: BuiltProcess | undefined;

  /** `http://127.0.0.1:<port>/api/v1`, once `start` has resolved. */
  get apiUrl(): string {
    return `${this.origin}/api/v1`;
  }

  /** The running controller, for its memory and CPU figures. */
  get controller(): BuiltProcess {
    if (!this.controllerProcess) throw new Error('the controller is not started');
    return this.controllerProcess;
  }

  /** The installation's database, for what a benchmark reads straight from PostgreSQL. */
  get databaseUrl(): string {
    return databaseUrl(this.name);
  }

  /** `controllerEnv`: settings a benchmark needs beyond an operator's defaults (say why where it is given). */
  async start(controllerEnv: Record<string, string> = {}): Promise<void> {
    assertBuildIsCurrent([CONTROLLER_MAIN, COMPILER_MAIN]);
    this.cleanups.push(() => dropDatabase(this.name));
    const migration = await runMigrationCli(['deploy'], { databaseUrl: this.databaseUrl, root: ROOT });
    if (migration.code !== 0) throw new Error(`migrating ${this.name} failed (exit ${migration.code}):\n${migration.stderr}`);
    this.dataDir = mkdtempSync(join(tmpdir(), 'edgeplane-bench-'));
    this.cleanups.push(() => rmSync(this.dataDir, { recursive: true, force: true }));
    this.cleanups.push(() => deleteRedisKeys(`${this.name}:*`));
    const controller = this.spawn(CONTROLLER_MAIN, CONTROLLER_NODE_FLAGS, {
      MQTT_URL,
      EDGEPLANE_HTTP_HOST: '127.0.0.1',
      EDGEPLANE_HTTP_PORT: '0',
      EDGEPLANE_MQTT_SHARE_GROUP: this.name,
      EDGEPLANE_BOOTSTRAP_ADMIN_KEY: this.adminToken,
      // The controller names its port only in the log line at level info.
      LOG_LEVEL: 'info',
      // The benches measure the controller at rates one key would never be allowed; the limiter is not under test.
      EDGEPLANE_RATE_LIMIT_PER_KEY: '100000000',
      ...controllerEnv,
    });
    const listening = /Listening on (http:\/\/[^;\s"]+)/;
    await controller.ready(listening);
    this.controllerProcess = controller;
    this.origin = listening.exec(controller.output())![1];
  }

  /** Starts `count` compiler processes and resolves once every one consumes compile jobs. */
  async startCompilers(count: number): Promise<BuiltProcess[]> {
    const compilers = Array.from({ length: count }, () => this.spawn(COMPILER_MAIN, [], { LOG_LEVEL: 'info' }));
    await Promise.all(compilers.map((compiler) => compiler.ready(/Consuming compile jobs/)));
    return compilers;
  }

  async stopProcesses(processes: Iterable<BuiltProcess>): Promise<void> {
    await Promise.all([...processes].map((running) => running.stop()));
    for (const running of processes) this.processes.delete(running);
  }

  /**
   * Stops every process, then drops the database and deletes the queue keys and the data directory.
   * A signal and a failing run may both ask at once: every caller waits for the one clean-up.
   */
  stop(): Promise<void> {
    this.stopped ??= this.removeEverything();
    return this.stopped;
  }

  private async removeEverything(): Promise<void> {
    const failures: unknown[] = [];
    await this.stopProcesses([...this.processes]).catch((error) => failures.push(error));
    for (const cleanup of this.cleanups.reverse()) {
      await Promise.resolve()
        .then(cleanup)
        .catch((error) => failures.push(error));
    }
    if (failures.length > 0) throw new AggregateError(failures, `cleaning up ${this.name} failed; remove what is left by hand`);
  }

  async uploadModel(model: string, bytes: Uint8Array): Promise<void> {
    await this.request('POST', `/models/${model}/versions`, bytes);
  }

  async attachCalibrationSet(model: string, npz: Uint8Array): Promise<void> {
    await this.request('PUT', `/models/${model}/versions/1/calibration-set`, npz);
  }

  /** Queues a compile of version 1 for every built-in profile; returns the queued jobs. */
  requestCompile(model: string): Promise<CompileJobView[]> {
    return this.request('POST', `/models/${model}/versions/1/compile`, {}) as Promise<CompileJobView[]>;
  }

  /** Every variant of version 1 in one request: polling four jobs apart would load the controller four times as much. */
  variants(model: string, signal?: AbortSignal): Promise<CompileJobView[]> {
    return this.request('GET', `/models/${model}/versions/1/variants`, undefined, signal) as Promise<CompileJobView[]>;
  }

  /** Polls the variants of version 1 until `count` exist and none is queued or compiling; resolves with them. */
  async untilCompiled(model: string, count: number, signal: AbortSignal, pollIntervalMs: number): Promise<CompileJobView[]> {
    for (;;) {
      signal.throwIfAborted();
      const jobs = await this.variants(model, signal);
      if (jobs.length === count && jobs.every((job) => job.status !== 'queued' && job.status !== 'compiling')) return jobs;
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
  }

  /** Any route of the REST API (`path` below /api/v1) with the admin key; throws on a status other than 2xx. */
  api(method: string, path: string, body?: Uint8Array | object, signal?: AbortSignal): Promise<unknown> {
    return this.request(method, path, body, signal);
  }

  private spawn(main: string, nodeFlags: string[], env: Record<string, string>): BuiltProcess {
    const running = new BuiltProcess(main, {
      DATABASE_URL: this.databaseUrl,
      REDIS_URL,
      EDGEPLANE_DATA_DIR: this.dataDir,
      EDGEPLANE_QUEUE_PREFIX: this.name,
      ...env,
    }, nodeFlags);
    this.processes.add(running);
    return running;
  }

  /** One API call as the admin; a status other than 2xx throws with the problem the controller answered. */
  async request(method: string, path: string, body?: Uint8Array | object, signal?: AbortSignal): Promise<unknown> {
    const raw = body instanceof Uint8Array;
    const response = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.adminToken}`, 'Content-Type': raw ? 'application/octet-stream' : 'application/json' },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
      signal,
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }
}

/** BullMQ keeps a queue's keys after its workers stop; a benchmark's own prefix must not outlive it. */
async function deleteRedisKeys(pattern: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    for await (const keys of redis.scanStream({ match: pattern, count: 500 })) {
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
    }
  } finally {
    redis.disconnect();
  }
}
