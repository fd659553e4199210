import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * A built entry point (dist/…/main.js) started by a benchmark. Unlike test/support's startProcess,
 * the handle exists before the process is ready, so a process that never gets ready is still stopped.
 */
export class BuiltProcess {
  private readonly child: ChildProcess;
  private log = '';

  constructor(
    private readonly main: string,
    env: Record<string, string>,
    /** Flags for node itself (say `--prof`), which NODE_OPTIONS does not take. */
    nodeFlags: string[] = [],
  ) {
    this.child = spawn(process.execPath, [...nodeFlags, main], { env: { ...process.env, ...env } });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
  }

  /** Everything the process has printed so far. */
  output(): string {
    return this.log;
  }

  /** Resolves once the output matches `pattern`; rejects if the process exits first or after `timeoutMs`. */
  ready(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const check = () => {
        if (pattern.test(this.log)) resolve();
        else if (!this.running()) reject(new Error(`${this.main} exited with ${this.child.exitCode ?? this.child.signalCode}:\n${this.log}`));
        else if (Date.now() > deadline) reject(new Error(`${this.main} not ready after ${timeoutMs / 1000} s:\n${this.log}`));
        else setTimeout(check, 20);
      };
      check();
    });
  }

  /** Resident set size of the process now, in MB (VmRSS from Linux /proc). */
  rssMb(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Math.round(Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) / 1024);
  }

  /** Highest resident set size of the process so far, in MB (VmHWM from Linux /proc). */
  peakRssMb(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Math.round(Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) / 1024);
  }

  /** CPU time the process has used so far (user + system), in seconds. */
  cpuSeconds(): number {
    // /proc/<pid>/stat: utime and stime are the 12th and 13th fields after the parenthesised name, in USER_HZ (100 on Linux).
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  /** SIGTERM, then SIGKILL after 10 s; resolves once it has exited. Safe to call more than once. */
  async stop(): Promise<void> {
    if (!this.running()) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }

  private running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}

/**
 * Benchmarks measure the built processes: refuse a build older than any source it is built from
 * (libs/ and apps/, without specs and test helpers, as apps/*\/tsconfig.app.json excludes them).
 */
export function assertBuildIsCurrent(mains: string[]): void {
  for (const main of mains) {
    if (!existsSync(main)) throw new Error(`no build at ${main}; run npm run build first`);
  }
  const built = Math.min(...mains.map((main) => statSync(main).mtimeMs));
  const newest = newestSource([join(ROOT, 'libs'), join(ROOT, 'apps')]);
  if (newest.mtimeMs > built) {
    throw new Error(`the build in dist/ is older than ${newest.path}; run npm run build first`);
  }
}

function newestSource(directories: string[]): { path: string; mtimeMs: number } {
  let newest = { path: '', mtimeMs: 0 };
  for (const directory of directories) {
    for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath, entry.name);
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.spec.ts') || path.includes('/testing/')) continue;
      const { mtimeMs } = statSync(path);
      if (mtimeMs > newest.mtimeMs) newest = { path: path.slice(ROOT.length + 1), mtimeMs };
    }
  }
  return newest;
}
