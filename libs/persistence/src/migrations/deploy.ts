import { toPgConfig } from './database-config';
import { NO_SCHEMA_FILTER, withSchemaEngine } from './engine-session';
import { ensureDatabase } from './ensure-database';
import { MigrationConfig } from './migration-config';
import { MigrationError } from './migration-error';
import { readMigrationsFolder } from './migrations-folder';

/** What `applyMigrations` did. */
export interface DeployResult {
  /** Whether the database did not exist and was created first. */
  createdDatabase: boolean;
  /** Folder names of the migrations applied by this call, in order; empty when none was pending. */
  applied: string[];
}

/**
 * `prisma migrate deploy`: applies every migration of the folder that the database has not seen,
 * recording them in `_prisma_migrations` (the CLI's own table). Never generates SQL, never resets,
 * needs no shadow database.
 */
export async function applyMigrations(config: MigrationConfig): Promise<DeployResult> {
  const migrationsList = await readMigrationsFolder(config.migrationsDir);
  if (migrationsList.migrationDirectories.length === 0) {
    // Reaching here with an empty folder is nearly always a wrong working directory or root.
    throw new MigrationError(
      'migration.folder_invalid',
      `no migrations in ${config.migrationsDir}: pass the root that holds prisma/migrations ` +
        '(--root or EDGEPLANE_ROOT), or create the first one with `npm run db:migration -- init`',
    );
  }
  const target = toPgConfig(config.databaseUrl);
  const createdDatabase = await ensureDatabase(target);
  const { appliedMigrationNames } = await withSchemaEngine(target, (engine) =>
    engine.applyMigrations({ migrationsList, filters: NO_SCHEMA_FILTER }),
  );
  return { createdDatabase, applied: appliedMigrationNames };
}
