import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runMigrationCli } from '../../libs/persistence/src/migrations/cli-process';
import {
  databaseUrl,
  dropDatabase,
  quote,
  RUN_PID_VARIABLE,
  TEMPLATE_DATABASE,
  TEMPLATE_LOCK,
  TEST_DATABASE_PREFIX,
  withServer,
} from './database';

const ROOT = join(__dirname, '..', '..');

/**
 * Once per Jest run: drop the databases of runs that were killed, then rebuild the template that
 * every test database is cloned from, with all migrations applied.
 *
 * The migrations run in a child process: the schema engine keeps a pool and a timer alive after
 * use, which would keep Jest from exiting, and its ES-module glue cannot load inside Jest.
 */
export default async function globalSetup(): Promise<void> {
  buildProcesses();
  // Workers are started after global setup and inherit its environment.
  process.env[RUN_PID_VARIABLE] = String(process.pid);
  await dropLeftovers();
  await withServer(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    await client.query(`DROP DATABASE IF EXISTS ${quote(TEMPLATE_DATABASE)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quote(TEMPLATE_DATABASE)}`);
    const run = await runMigrationCli(['deploy'], {
      databaseUrl: databaseUrl(TEMPLATE_DATABASE),
      root: ROOT,
    });
    if (run.code !== 0) {
      throw new Error(`migrating ${TEMPLATE_DATABASE} failed (exit ${run.code}):\n${run.stderr}`);
    }
  }); // closing the connection releases the lock
}

/**
 * A test database belongs to the Jest run whose pid is in its name; once that process is gone, the
 * database is a leftover. (Assumes the test server is used from this machine only.)
 */
async function dropLeftovers(): Promise<void> {
  const { rows } = await withServer((client) =>
    client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND datname <> $2",
      [TEST_DATABASE_PREFIX, TEMPLATE_DATABASE],
    ),
  );
  for (const { datname } of rows) {
    const owner = Number(/^edgeplane_test_(\d+)_/.exec(datname)?.[1]);
    if (!isAlive(owner)) await dropDatabase(datname);
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM'; // alive, owned by someone else
  }
}

/**
 * End-to-end tests start the built controller and compiler as processes, as an operator would, so
 * the build runs once here rather than in each test file (parallel builds would clobber dist/).
 * EDGEPLANE_TEST_SKIP_BUILD=1 skips it when dist/ is known to be current.
 */
function buildProcesses(): void {
  if (process.env.EDGEPLANE_TEST_SKIP_BUILD === '1') return;
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
}
