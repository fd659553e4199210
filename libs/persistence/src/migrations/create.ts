import { MigrationConfig } from './migration-config';
import { migrationFolderName } from './migration-name';
import { writeMigration } from './migrations-folder';
import { pendingMigrationSql } from './diff';

/**
 * `prisma migrate dev --create-only`: writes the SQL that takes the migrations folder to
 * prisma/schema.prisma as `<UTC yyyymmddhhmmss>_<name>/migration.sql` (plus migration_lock.toml).
 * Returns the new folder's path, or null (writing nothing) when the folder already matches the
 * schema. Applies nothing; review the file, then run `applyMigrations`.
 *
 * The engine's own createMigration refuses PostgreSQL in its WebAssembly build ("shadow DB must be
 * provided through an external factory"); its diff from the migrations folder produces the same
 * script (without the data-loss warning comment createMigration puts on top of destructive steps).
 */
export async function createMigration(
  config: MigrationConfig,
  name: string,
  now: Date = new Date(),
): Promise<string | null> {
  const folder = migrationFolderName(name, now); // a bad name fails before any database work
  const script = await pendingMigrationSql(config, 'migrations');
  if (script === '') return null;
  return writeMigration(config.migrationsDir, folder, script);
}
