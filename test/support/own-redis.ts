import { ChildProcess, spawn } from 'node:child_process';
import { freePort, waitForListener } from './free-port';

/**
 * A Redis of the test's own, for tests that restart Redis (never the machine's shared one on 6379).
 * No persistence (`--save '' --appendonly no`): a restart comes back empty, the harshest case.
 */
export interface OwnRedis {
  url: string;
  port: number;
  /** Starts it again on the same port (after stop()). */
  start(): Promise<void>;
  /** SHUTDOWN by signal; resolves when it has exited. Everything it held is gone. */
  stop(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = '';
  const redis: OwnRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      output = '';
      const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
      started.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      started.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child = started;
      await waitForListener(port, 'redis-server').catch((error: Error) => {
        throw new Error(`${error.message}\n${output}`);
      });
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    },
  };
  await redis.start();
  return redis;
}
