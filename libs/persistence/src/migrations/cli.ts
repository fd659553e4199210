/*
 * Prisma migrations without Prisma's native schema engine (it is downloaded at first use, which an
 * air-gapped site cannot do). Commands:
 *   deploy          apply pending migrations; creates the database if it does not exist yet
 *   create <name>   write prisma/migrations/<UTC stamp>_<name>/migration.sql with the schema's
 *                   changes; writes nothing when there are none
 *   diff [--from migrations|database]
 *                   print the SQL separating the migrations folder (default) or the live database
 *                   from prisma/schema.prisma; prints nothing when they agree
 *   resolve --rolled-back <name> | --applied <name>
 *                   record a failed migration as rolled back (deploy retries it) or a migration as
 *                   applied without running it, as `prisma migrate resolve` does
 * Settings: DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/edgeplane); the root holding
 * prisma/ is --root <dir>, else EDGEPLANE_ROOT, else the current directory.
 * Runs under tsx (npm run db:migrate / db:migration) and compiled (node dist/…/migrations/cli.js).
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { createMigration } from './create';
import { describeTarget, toPgConfig } from './database-config';
import { applyMigrations } from './deploy';
import { DiffSource, pendingMigrationSql } from './diff';
import { MigrationConfig, migrationConfigFromEnv } from './migration-config';
import { MigrationError } from './migration-error';
import { resolveMigration } from './resolve';

const USAGE =
  'usage: cli.ts [--root <dir>] deploy | create <name> | diff [--from migrations|database]\n' +
  '       | resolve --rolled-back <name> | resolve --applied <name>';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      root: { type: 'string' },
      from: { type: 'string' },
      'rolled-back': { type: 'string' },
      applied: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  const config = migrationConfigFromEnv(process.env, values.root, process.cwd());
  if (command === 'deploy' && rest.length === 0) return deploy(config);
  if (command === 'create' && rest.length === 1) return create(config, rest[0]);
  if (command === 'diff' && rest.length === 0) return diff(config, values.from ?? 'migrations');
  if (command === 'resolve' && rest.length === 0) {
    return resolve(config, values['rolled-back'], values.applied);
  }
  throw new UsageError(`unknown command or arguments: ${argv.join(' ') || '(none)'}`);
}

async function deploy(config: MigrationConfig): Promise<number> {
  const target = describeTarget(toPgConfig(config.databaseUrl));
  const { createdDatabase, applied } = await applyMigrations(config);
  if (createdDatabase) console.log(`Created database ${target}.`);
  if (applied.length === 0) {
    console.log(`No pending migrations: ${target} is up to date.`);
  } else {
    console.log(`Applied ${applied.length} migration(s) to ${target}:`);
    for (const name of applied) console.log(`  ${name}`);
  }
  return 0;
}

async function create(config: MigrationConfig, name: string): Promise<number> {
  const folder = await createMigration(config, name);
  const shown = (path: string) => relative(process.cwd(), path) || '.';
  if (folder === null) {
    const [schema, migrations] = [shown(config.schemaPath), shown(config.migrationsDir)];
    console.log(`No changes: ${schema} matches ${migrations}; nothing written.`);
  } else {
    console.log(`Created ${shown(folder)}/migration.sql.`);
    console.log('Review it, then apply it with `npm run db:migrate`.');
  }
  return 0;
}

async function diff(config: MigrationConfig, from: string): Promise<number> {
  if (from !== 'migrations' && from !== 'database') {
    throw new UsageError(`--from must be "migrations" or "database", not "${from}"`);
  }
  process.stdout.write(await pendingMigrationSql(config, from as DiffSource));
  return 0;
}

async function resolve(
  config: MigrationConfig,
  rolledBack: string | undefined,
  applied: string | undefined,
): Promise<number> {
  if ((rolledBack === undefined) === (applied === undefined)) {
    throw new UsageError('resolve takes exactly one of --rolled-back <name> and --applied <name>');
  }
  const name = (rolledBack ?? applied) as string;
  await resolveMigration(config, name, rolledBack ? 'rolled-back' : 'applied');
  console.log(`Recorded ${name} as ${rolledBack ? 'rolled back' : 'applied'}.`);
  return 0;
}

class UsageError extends Error {}

function isParseArgsError(error: unknown): boolean {
  return String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

/** Why an explicit exit: the engine keeps a pool and a 10 s timer alive after it is freed. */
function exit(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main(process.argv.slice(2)).then(exit, (error: unknown) => {
  if (error instanceof MigrationError) {
    console.error(`error: ${error.message}`);
    exit(1);
  } else if (error instanceof UsageError || isParseArgsError(error)) {
    console.error(`error: ${(error as Error).message}\n${USAGE}`);
    exit(2);
  } else {
    console.error('error: unexpected failure, please report it with this trace:', error);
    exit(1);
  }
});
