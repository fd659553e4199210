import type { PoolConfig } from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import { MigrationError } from './migration-error';

/** A PostgreSQL connection as discrete fields (host, port, database, user, password, ssl). */
export type PgConfig = Omit<PoolConfig, 'connectionString'> & { database: string };

/**
 * Splits a postgresql:// URL into a pg config object. The URL itself must never reach the adapter:
 * the shadow database's connection is built as `{ ...config, database }`, and pg lets
 * `connectionString` win over `database`, so the "shadow" would silently be the main database.
 */
export function toPgConfig(databaseUrl: string): PgConfig {
  let parsed: PoolConfig & { schema?: unknown };
  try {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('not a postgresql:// URL');
    parsed = parseIntoClientConfig(databaseUrl);
  } catch (error) {
    throw new MigrationError(
      'migration.config_invalid',
      `DATABASE_URL is not a PostgreSQL URL (${(error as Error).message}): ` +
        'use postgresql://user[:password]@host[:port]/database',
    );
  }
  const { schema, connectionString: _ignored, ...config } = parsed;
  if (!config.database) {
    throw new MigrationError(
      'migration.config_invalid',
      `DATABASE_URL names no database (${redact(databaseUrl)}): ` +
        'add it as the path, e.g. postgresql://postgres@127.0.0.1:5432/edgeplane',
    );
  }
  // Migrations create their tables unqualified, i.e. in the search_path; a ?schema= that differs
  // from it would make the tool read one schema and write another.
  if (schema !== undefined && schema !== 'public') {
    throw new MigrationError(
      'migration.config_invalid',
      `DATABASE_URL asks for schema "${String(schema)}", but migrations are kept in "public": ` +
        'remove ?schema= or use a separate database',
    );
  }
  return { ...config, database: config.database };
}

/** The same server and credentials, another database (shadow, maintenance, template clones). */
export function withDatabase(config: PgConfig, database: string): PgConfig {
  return { ...config, database };
}

/** `"edgeplane" on 127.0.0.1:5432`, for messages: names the target without leaking the password. */
export function describeTarget(config: PgConfig): string {
  return `"${config.database}" on ${config.host ?? 'localhost'}:${config.port ?? 5432}`;
}

function redact(databaseUrl: string): string {
  return databaseUrl.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
