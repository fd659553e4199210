import pg from 'pg';
import { describeTarget, PgConfig, withDatabase } from './database-config';
import { MigrationError } from './migration-error';

/** PostgreSQL error codes (SQLSTATE) this file reacts to. */
const INVALID_CATALOG_NAME = '3D000';
const DUPLICATE_DATABASE = '42P04';
const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * Creates the target database when it does not exist yet (a first install starts from an empty
 * server), as `prisma migrate deploy` does. Returns whether it had to create it.
 */
export async function ensureDatabase(config: PgConfig): Promise<boolean> {
  if (await databaseExists(config)) return false;
  const admin = new pg.Client(maintenanceDatabase(config));
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${quoteIdentifier(config.database)}`);
    return true;
  } catch (error) {
    if (codeOf(error) === DUPLICATE_DATABASE) return false; // created meanwhile by someone else
    if (codeOf(error) === INSUFFICIENT_PRIVILEGE) {
      throw new MigrationError(
        'migration.database_unreachable',
        `database ${describeTarget(config)} does not exist and user "${config.user}" ` +
          'may not create it: ' +
          `create it as a superuser (CREATE DATABASE ${quoteIdentifier(config.database)} OWNER ` +
          `${quoteIdentifier(config.user ?? '')}) or grant CREATEDB`,
        { cause: error },
      );
    }
    throw unreachable(config, error);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/**
 * The same server's maintenance database, `postgres`: where databases are created and dropped from
 * when the target database is not there to connect to.
 */
export function maintenanceDatabase(config: PgConfig): PgConfig {
  return withDatabase(config, 'postgres');
}

/** Whether the target database exists, found by connecting to it (needs no catalog rights). */
export async function databaseExists(config: PgConfig): Promise<boolean> {
  const client = new pg.Client(config);
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (codeOf(error) === INVALID_CATALOG_NAME) return false;
    throw unreachable(config, error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function unreachable(config: PgConfig, error: unknown): MigrationError {
  const reason = (error as Error).message || codeOf(error) || String(error);
  return new MigrationError(
    'migration.database_unreachable',
    `cannot connect to database ${describeTarget(config)} (${reason}): is PostgreSQL running, ` +
      'and are DATABASE_URL\'s host, port, user and password right?',
    { cause: error },
  );
}

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string })?.code;
}

/** Double-quotes a PostgreSQL identifier (a database name from a URL may hold any character). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
