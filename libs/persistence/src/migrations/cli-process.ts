import { spawn } from 'node:child_process';
import { extname, join } from 'node:path';

/** How a run of the migration CLI ended. */
export interface CliRun {
  /** The process exit code (1 on a reported error, 2 on a usage error). */
  code: number;
  /** Normal output; for `diff`, the SQL. */
  stdout: string;
  /** Error messages. */
  stderr: string;
}

/** Stops a hung child; a healthy run takes a few seconds. */
const TIMEOUT_MS = 120_000;

/**
 * Runs the migration CLI in a child process, for callers that must not host the engine themselves:
 * it keeps a pool and a timer alive after use (Jest would wait on them), and its JS glue is an ES
 * module that Jest's module loader cannot require. From TypeScript sources the child runs under
 * tsx; from compiled output, under plain node.
 */
export function runMigrationCli(
  args: string[],
  settings: { databaseUrl: string; root?: string },
): Promise<CliRun> {
  const cli = join(__dirname, `cli${extname(__filename)}`);
  const node = extname(__filename) === '.ts' ? [require.resolve('tsx/cli'), cli] : [cli];
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: settings.databaseUrl };
  if (settings.root) env.EDGEPLANE_ROOT = settings.root;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...node, ...args], { env, timeout: TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal) stderr += `\nkilled by ${signal} (timeout ${TIMEOUT_MS / 1000} s?)`;
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}
