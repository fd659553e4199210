import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MigrationError } from './migration-error';

/** What the migration tool works on. */
export interface MigrationConfig {
  /** The database to migrate, as a postgresql:// URL. */
  databaseUrl: string;
  /** The Prisma schema the migrations must produce (`<root>/prisma/schema.prisma`). */
  schemaPath: string;
  /** The folder of `<UTC yyyymmddhhmmss>_<name>/migration.sql` (`<root>/prisma/migrations`). */
  migrationsDir: string;
}

/**
 * The product's default database, as EdgeplaneConfig.DATABASE_URL (libs/platform). Repeated, not
 * imported: the compiled CLI must run without the path aliases and without Nest's config stack.
 */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/edgeplane';

/** The layout of a checkout or a container image: `<root>/prisma/{schema.prisma,migrations}`. */
export function migrationConfigAt(root: string, databaseUrl: string): MigrationConfig {
  return {
    databaseUrl,
    schemaPath: join(root, 'prisma', 'schema.prisma'),
    migrationsDir: join(root, 'prisma', 'migrations'),
  };
}

/**
 * Reads the CLI's settings once. The root is `--root <dir>`, else EDGEPLANE_ROOT, else the current
 * directory; it must contain prisma/ (deploy needs only prisma/migrations, create and diff also
 * prisma/schema.prisma). DATABASE_URL defaults to the product default.
 */
export function migrationConfigFromEnv(
  env: NodeJS.ProcessEnv,
  rootFlag: string | undefined,
  cwd: string,
): MigrationConfig {
  const root = resolve(cwd, rootFlag || env.EDGEPLANE_ROOT || '.');
  const config = migrationConfigAt(root, env.DATABASE_URL || DEFAULT_DATABASE_URL);
  const prismaDir = dirname(config.migrationsDir);
  if (!existsSync(prismaDir)) {
    const source = rootFlag ? '--root' : env.EDGEPLANE_ROOT ? 'EDGEPLANE_ROOT' : 'the cwd';
    throw new MigrationError(
      'migration.config_invalid',
      `${prismaDir} not found (root taken from ${source}): run from the directory that holds ` +
        'prisma/, or pass --root <dir> or set EDGEPLANE_ROOT',
    );
  }
  return config;
}
