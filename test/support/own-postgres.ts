import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runMigrationCli } from '../../libs/persistence/src/migrations/cli-process';
import type { TestDatabase } from './database';
import { freePort } from './free-port';

const run = promisify(execFile);
/** PostgreSQL's server binaries: EDGEPLANE_TEST_PG_BIN, else the newest Debian/Ubuntu install (as scripts/services.sh finds it). */
const pgBin = () => process.env.EDGEPLANE_TEST_PG_BIN ?? join('/usr/lib/postgresql', newestVersion('/usr/lib/postgresql'), 'bin');
const ROOT = join(__dirname, '..', '..');

/**
 * A PostgreSQL cluster of the test's own (initdb in a temp dir, trust auth, a free port), for tests
 * that restart PostgreSQL; never the machine's shared server. One per test file: initdb takes seconds.
 */
export interface OwnPostgres {
  port: number;
  /**
   * Its one database, every migration applied. The name is unique, as the queue prefix and share
   * group of a controller on it (ControllerProcess) are named after it; drop() is left to close().
   */
  database: TestDatabase;
  /** `pg_ctl restart -m <mode>`: `fast` ends sessions cleanly, `immediate` is a crash. */
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops the server and removes the cluster. */
  close(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = pgBin();
  const port = await freePort();
  // PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user.
  const owner = userInfo().uid === 0 ? await postgresUser() : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'edgeplane-postgres-'));
  const data = join(dir, 'data');
  if (owner) await chown(dir, owner.uid, owner.gid);
  const pg = (tool: string, args: string[]) => run(join(bin, tool), args, { ...(owner ?? {}), cwd: dir, timeout: 60_000 });
  const ctl = (...args: string[]) => pg('pg_ctl', ['-D', data, '-w', '-t', '30', '-l', join(dir, 'server.log'), ...args]);
  const options = ['-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`];
  let started = false;
  const name = `edgeplane_fault_${randomBytes(6).toString('hex')}`;
  const own: OwnPostgres = {
    port,
    database: { name, url: `postgresql://postgres@127.0.0.1:${port}/${name}`, drop: async () => undefined },
    async restart(mode = 'fast') {
      await ctl('restart', '-m', mode, ...options);
    },
    async close() {
      if (started) await ctl('stop', '-m', 'immediate').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    await ctl('start', ...options);
    started = true;
    const migrated = await runMigrationCli(['deploy'], { databaseUrl: own.database.url, root: ROOT });
    if (migrated.code !== 0) throw new Error(`migrating ${name} failed (exit ${migrated.code}):\n${migrated.stderr}`);
    return own;
  } catch (error) {
    await own.close();
    throw error;
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

function newestVersion(dir: string): string {
  const versions = (() => {
    try {
      return readdirSync(dir).filter((name) => /^\d+$/.test(name));
    } catch {
      return [];
    }
  })();
  if (versions.length === 0) throw new Error(`no PostgreSQL under ${dir}: install its server package or set EDGEPLANE_TEST_PG_BIN`);
  return versions.sort((a, b) => Number(b) - Number(a))[0];
}
