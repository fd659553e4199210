import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** The installed `edgeplane` command (package.json "bin"), running the built CLI. */
export const CLI_BIN = join(ROOT, 'apps/cli/bin/edgeplane');

/** What one run of the CLI printed and how it exited. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A user's shell for the built `edgeplane` CLI: its own config directory (XDG_CONFIG_HOME) and
 * nothing else of the test's environment that the CLI reads.
 */
export interface CliShell {
  configHome: string;
  run(args: string[], env?: Record<string, string>): Promise<CliRun>;
  /** Starts a run without waiting for it (to watch its output or press Ctrl-C). */
  start(args: string[], env?: Record<string, string>): RunningCli;
  cleanup(): Promise<void>;
}

export async function cliShell(): Promise<CliShell> {
  const configHome = await mkdtemp(join(tmpdir(), 'edgeplane-cli-'));
  return {
    configHome,
    run: (args, env = {}) => runCli(args, { XDG_CONFIG_HOME: configHome, HOME: configHome, ...env }),
    start: (args, env = {}) => startCli(args, { XDG_CONFIG_HOME: configHome, HOME: configHome, ...env }),
    cleanup: () => rm(configHome, { recursive: true, force: true }),
  };
}

/** A CLI run in progress. */
export interface RunningCli {
  child: ChildProcess;
  /** What it has printed on stdout so far. */
  stdout(): string;
  finished: Promise<CliRun>;
}

/** Runs the CLI as a child process with stdin closed, as a script would. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return startCli(args, env).finished;
}

export function startCli(args: string[], env: Record<string, string>): RunningCli {
  const child = spawn(CLI_BIN, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, stdout: () => stdout, finished };
}
