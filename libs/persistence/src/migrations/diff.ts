import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DiffTarget } from '@prisma/schema-engine-wasm';
import { toPgConfig } from './database-config';
import { NO_SCHEMA_FILTER, withSchemaEngine } from './engine-session';
import { databaseExists, maintenanceDatabase } from './ensure-database';
import { MigrationConfig } from './migration-config';
import { MigrationError } from './migration-error';
import { readMigrationsFolder } from './migrations-folder';

/**
 * What to compare prisma/schema.prisma with:
 * - `migrations`: the migrations folder replayed on a throw-away shadow database (needs CREATEDB);
 *   this is what a new migration is generated from.
 * - `database`: the live database of `databaseUrl`, read as it is (shows drift).
 */
export type DiffSource = 'migrations' | 'database';

/** The engine's exit code for "the two sides differ" when asked for one. */
const DIFFERENT = 2;

/**
 * The SQL that would turn `from` into what prisma/schema.prisma declares; '' when they agree.
 * With `migrations`, the target database need not exist: the engine then connects to the server's
 * maintenance database, which it only uses to create and drop the shadow database.
 */
export async function pendingMigrationSql(
  config: MigrationConfig,
  from: DiffSource = 'migrations',
): Promise<string> {
  const schemaFiles = [{ path: config.schemaPath, content: await readSchema(config.schemaPath) }];
  const target = toPgConfig(config.databaseUrl);
  let source: DiffTarget;
  let connectTo = target;
  if (from === 'migrations') {
    source = { tag: 'migrations', ...(await readMigrationsFolder(config.migrationsDir)) };
    if (!(await databaseExists(target))) connectTo = maintenanceDatabase(target);
  } else {
    // The engine reads a schema's datasource through the adapter, i.e. from `target`.
    source = { tag: 'schemaDatasource', files: schemaFiles, configDir: dirname(config.schemaPath) };
  }
  const result = await withSchemaEngine(connectTo, (engine) =>
    engine.diff({
      from: source,
      to: { tag: 'schemaDatamodel', files: schemaFiles },
      script: true,
      exitCode: true,
      filters: NO_SCHEMA_FILTER,
    }),
  );
  return result.exitCode === DIFFERENT ? (result.stdout ?? '') : '';
}

async function readSchema(schemaPath: string): Promise<string> {
  try {
    return await readFile(schemaPath, 'utf8');
  } catch (error) {
    throw new MigrationError(
      'migration.config_invalid',
      `cannot read the Prisma schema ${schemaPath} (${(error as Error).message}): ` +
        'pass the root that holds prisma/schema.prisma (--root or EDGEPLANE_ROOT)',
      { cause: error },
    );
  }
}
