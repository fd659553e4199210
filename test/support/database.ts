import { createHash, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';

/**
 * The PostgreSQL server of the tests, through its maintenance database: TEST_DATABASE_URL, else
 * the local default. Every test database lives on this server.
 */
const SERVER_URL = process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * All migrations applied, nothing else; global-setup.ts rebuilds it at the start of every run. One per
 * checkout (named by a hash of its path): several worktrees of the repository share the test server,
 * and a branch with a new migration must not clone a template another checkout built without it. Not
 * under TEST_DATABASE_PREFIX, which runs sweep for leftovers.
 */
export const TEMPLATE_DATABASE = `edgeplane_template_${createHash('sha256').update(resolve(__dirname, '..', '..')).digest('hex').slice(0, 16)}`;

/** Test databases are named `edgeplane_test_<pid of the Jest run>_<random>`. */
export const TEST_DATABASE_PREFIX = 'edgeplane_test_';

/** Set by global setup for the workers, so that every database names the run that owns it. */
export const RUN_PID_VARIABLE = 'EDGEPLANE_TEST_RUN_PID';

/**
 * Serialises rebuilding the template (exclusive) against cloning it (shared), so that a second Jest
 * run starting on the same server never drops the template under a clone. Advisory locks are
 * per database: every holder connects to SERVER_URL's database.
 */
export const TEMPLATE_LOCK = 4_271_950_001;

/** SQLSTATE 55006: "source database … is being accessed by other users". */
const OBJECT_IN_USE = '55006';

/** A database of one's own on the test server. */
export interface TestDatabase {
  /** Database name, `edgeplane_test_<pid>_<random>`. */
  name: string;
  /** Connection URL: the server of TEST_DATABASE_URL with this database. */
  url: string;
  /** Drops the database, closing any connection still open to it; fine if it does not exist. */
  drop(): Promise<void>;
}

/**
 * A fresh database with every migration applied, cloned from the template (much faster than
 * migrating). Two workers may clone at once; PostgreSQL then refuses one clone while the template
 * is busy, so a clone is retried for a while.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const database = reserveTestDatabase();
  await withServer(async (client) => {
    // Released when withServer closes the connection.
    await client.query('SELECT pg_advisory_lock_shared($1)', [TEMPLATE_LOCK]);
    await retryWhileInUse(() =>
      client.query(`CREATE DATABASE ${quote(database.name)} TEMPLATE ${quote(TEMPLATE_DATABASE)}`),
    );
  });
  return database;
}

/** A unique name and URL for a database that does not exist yet, for code that creates it. */
export function reserveTestDatabase(): TestDatabase {
  const owner = process.env[RUN_PID_VARIABLE] ?? String(process.pid);
  const name = `${TEST_DATABASE_PREFIX}${owner}_${randomBytes(6).toString('hex')}`;
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}

/** The URL of database `name` on the test server. */
export function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database on the test server, closing its connections; no error if it is gone. */
export async function dropDatabase(name: string): Promise<void> {
  await withServer((client) => client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`));
}

/** Runs `work` on a connection to the test server's maintenance database, then closes it. */
export async function withServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect().catch((error: Error) => {
    const server = SERVER_URL.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
    throw new Error(
      `cannot connect to the test server ${server} (${error.message}): ` +
        'start PostgreSQL or point TEST_DATABASE_URL at one',
      { cause: error },
    );
  });
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function retryWhileInUse<T>(attempt: () => Promise<T>, deadlineMs = 20_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1_000)) {
    try {
      return await attempt();
    } catch (error) {
      const inUse = (error as { code?: string }).code === OBJECT_IN_USE;
      if (!inUse || Date.now() + pause > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Double-quotes an identifier for SQL. */
export function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
