import { ChildProcess, execFile, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** A Mosquitto of the test's own, for tests that stop the broker or need their own configuration. */
export interface TestBroker {
  url: string;
  port: number;
  /** Starts it again on the same port (after stop()); a no-op while it runs. */
  start(): Promise<void>;
  /** SIGTERM; resolves when it has exited. */
  stop(): Promise<void>;
  /** Stops it for good and removes its configuration. */
  close(): Promise<void>;
}

export async function startBroker(extraConfig = ''): Promise<TestBroker> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'edgeplane-mosquitto-'));
  return runBroker(port, dir, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n${extraConfig}`);
}

/** Where Debian/Ubuntu's mosquitto package puts the dynamic-security plugin (MOSQUITTO_DYNSEC_PLUGIN overrides). */
const DYNSEC_PLUGIN = process.env.MOSQUITTO_DYNSEC_PLUGIN ?? '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so';

/**
 * A Mosquitto of the test's own with the dynamic-security plugin and no anonymous access, its
 * configuration made as deploy/mosquitto/README.md says: `mosquitto_ctrl dynsec init` with the
 * controller's user name and password (the plugin's admin client, and the only client at first).
 */
export async function startDynsecBroker(controller: { username: string; password: string }): Promise<TestBroker> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'edgeplane-mosquitto-'));
  const dynsecFile = join(dir, 'dynamic-security.json');
  await execFileAsync('mosquitto_ctrl', ['dynsec', 'init', dynsecFile, controller.username, controller.password]);
  // Started as root, mosquitto drops to the `mosquitto` user, which must be able to rewrite the file.
  await chmod(dir, 0o777);
  await chmod(dynsecFile, 0o666);
  return runBroker(
    port,
    dir,
    `listener ${port} 127.0.0.1\nallow_anonymous false\npersistence false\nplugin ${DYNSEC_PLUGIN}\nplugin_opt_config_file ${dynsecFile}\n`,
  );
}

async function runBroker(port: number, dir: string, configText: string): Promise<TestBroker> {
  const config = join(dir, 'mosquitto.conf');
  await writeFile(config, configText);
  let child: ChildProcess | undefined;
  const broker: TestBroker = {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    async start() {
      // Already running: a second mosquitto would fail to bind, and the first would outlive stop().
      if (child && child.exitCode === null && child.signalCode === null) return;
      child = spawn('mosquitto', ['-c', config], { stdio: 'ignore' });
      await waitForPort(port);
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    },
    async close() {
      await broker.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await broker.start();
  return broker;
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createServer().listen(port, '127.0.0.1');
      socket.once('listening', () => socket.close(() => resolve(false)));
      socket.once('error', () => resolve(true));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`mosquitto did not listen on ${port}`);
}
