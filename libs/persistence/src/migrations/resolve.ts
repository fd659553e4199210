import { toPgConfig } from './database-config';
import { withSchemaEngine } from './engine-session';
import { MigrationConfig } from './migration-config';
import { readMigrationsFolder } from './migrations-folder';

/** How a failed or hand-made migration is to be recorded, as in `prisma migrate resolve`. */
export type Resolution = 'rolled-back' | 'applied';

/**
 * `prisma migrate resolve`: records in `_prisma_migrations` that a migration was rolled back
 * (after a failure, so that deploy retries it) or applied (done by hand, or a baseline for an
 * existing database), without running it.
 */
export async function resolveMigration(
  config: MigrationConfig,
  migrationName: string,
  resolution: Resolution,
): Promise<void> {
  const target = toPgConfig(config.databaseUrl);
  if (resolution === 'rolled-back') {
    await withSchemaEngine(target, (engine) => engine.markMigrationRolledBack({ migrationName }));
    return;
  }
  const migrationsList = await readMigrationsFolder(config.migrationsDir);
  await withSchemaEngine(target, (engine) =>
    engine.markMigrationApplied({ migrationName, migrationsList }),
  );
}
