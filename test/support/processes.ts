import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TestController } from './controller';

const ROOT = join(__dirname, '..', '..');
export const COMPILER_MAIN = join(ROOT, 'dist/apps/compiler/apps/compiler/src/main.js');
/** Generous: two controllers starting together on a busy two-core machine have taken 30 s. */
const READY_TIMEOUT_MS = 60_000;

/** A process of ours started for a test, with its output kept for failure messages. */
export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves when it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts a built entry point (`.js`, run with this Node) or an executable such as the agent's
 * launcher, and resolves once its output matches `ready`.
 */
export function startProcess(main: string, env: Record<string, string>, ready: RegExp): Promise<RunningProcess> {
  const [command, args] = main.endsWith('.js') ? [process.execPath, [main]] : [main, []];
  const child = spawn(command, args, { env: { ...process.env, ...env } });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const running: RunningProcess = { child, output: () => output, stop: () => stop(child) };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${main} not ready after ${READY_TIMEOUT_MS / 1000} s:\n${output}`)), READY_TIMEOUT_MS);
    child.stdout.on('data', () => {
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(running);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${main} exited with ${code}:\n${output}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

/** A compiler process sharing a test controller's database, Redis queues and artifact store. */
export function startCompilerFor({ config }: Pick<TestController, 'config'>, env: Record<string, string> = {}): Promise<RunningProcess> {
  return startProcess(
    COMPILER_MAIN,
    {
      DATABASE_URL: config.DATABASE_URL,
      REDIS_URL: config.REDIS_URL,
      EDGEPLANE_DATA_DIR: config.EDGEPLANE_DATA_DIR,
      EDGEPLANE_QUEUE_PREFIX: config.EDGEPLANE_QUEUE_PREFIX,
      LOG_LEVEL: 'info',
      ...env,
    },
    /Consuming compile jobs/,
  );
}
