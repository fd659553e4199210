import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runMigrationCli } from '@edgeplane/persistence/migrations';
import { createTestDatabase, reserveTestDatabase, TestDatabase } from './support/database';

// Real PostgreSQL and the real CLI, run in a child process as deployments and global setup run it.
const ROOT = join(__dirname, '..');
const MIGRATIONS = join(ROOT, 'prisma', 'migrations');
const CLI_TIMEOUT = 60_000;

function migrationFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A throw-away copy of prisma/ (schema and migrations): no test may write into the repo. */
function copyOfPrismaFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'edgeplane-migrations-'));
  cpSync(join(ROOT, 'prisma'), join(root, 'prisma'), { recursive: true });
  return root;
}

describe('migrations through the WebAssembly schema engine', () => {
  let migrated: TestDatabase;
  const scratchRoots: string[] = [];

  beforeAll(async () => {
    migrated = await createTestDatabase();
  });

  afterAll(async () => {
    await migrated?.drop();
    for (const root of scratchRoots) rmSync(root, { recursive: true, force: true });
  });

  it('leaves nothing to generate once every migration is applied', async () => {
    const root = copyOfPrismaFolder();
    scratchRoots.push(root);
    const settings = { databaseUrl: migrated.url, root };

    const drift = await runMigrationCli(['diff', '--from', 'database'], settings);
    const create = await runMigrationCli(['create', 'nothing'], settings);

    expect(drift).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(create).toMatchObject({ code: 0, stderr: '' });
    expect(create.stdout).toContain('No changes');
    const folders = migrationFolders(join(root, 'prisma', 'migrations'));
    expect(folders).toEqual(migrationFolders(MIGRATIONS));
  }, CLI_TIMEOUT);

  it('lets PostgreSQL estimate how many devices one label matches, which selector plans depend on', async () => {
    // 2,000 devices with five labels each; tier=canary on 5 %. Without statistics on key and value
    // together the planner multiplies their frequencies (1/5 × 1/100) and expects 5× too few rows.
    const seed = `
      INSERT INTO hardware_profiles (name, class, precision, quantization, execution_providers, operator_allowlist, max_model_bytes, accuracy_budget, updated_at)
        VALUES ('stats-probe', 'cpu', 'fp32', 'none', '{}', '{}', 1, '{}', now());
      INSERT INTO devices (id, name, hardware_profile, updated_at)
        SELECT gen_random_uuid(), 'stats-probe-' || n, 'stats-probe', now() FROM generate_series(1, 2000) AS n;
      INSERT INTO device_labels (device_id, key, value)
        SELECT id, label.key, label.value FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM devices) AS d
        CROSS JOIN LATERAL (VALUES ('tier', CASE WHEN n % 20 = 0 THEN 'canary' ELSE 'prod' END), ('site', 'site-' || n % 40),
          ('camera', 'camera-' || n % 4), ('region', 'region-' || n % 8), ('owner', 'owner-' || n % 3)) AS label(key, value);
      ANALYZE device_labels;`;
    await query(migrated.url, seed);

    const [explained] = await query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
      migrated.url,
      "EXPLAIN (FORMAT JSON) SELECT * FROM device_labels WHERE key = 'tier' AND value = 'canary'",
    );
    const estimated = explained['QUERY PLAN'][0].Plan['Plan Rows'];
    expect(estimated).toBeGreaterThan(100 / 2);
    expect(estimated).toBeLessThan(100 * 2);
  }, CLI_TIMEOUT);

  it('creates the database, applies each migration once, then finds nothing pending', async () => {
    const database = reserveTestDatabase();
    const recordedSql =
      'SELECT migration_name, finished_at IS NOT NULL AS finished ' +
      'FROM _prisma_migrations ORDER BY migration_name';
    try {
      const first = await runMigrationCli(['deploy'], { databaseUrl: database.url, root: ROOT });
      expect(first).toMatchObject({ code: 0, stderr: '' });
      expect(first.stdout).toContain('Created database');

      const tables = await query<{ name: string }>(
        database.url,
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'",
      );
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['devices', 'api_keys']));
      const recorded = await query(database.url, recordedSql);
      const everyFolder = migrationFolders(MIGRATIONS).map((name) => ({
        migration_name: name,
        finished: true,
      }));
      expect(recorded).toEqual(everyFolder);

      const second = await runMigrationCli(['deploy'], { databaseUrl: database.url, root: ROOT });
      expect(second).toMatchObject({ code: 0, stderr: '' });
      expect(second.stdout).toContain('No pending migrations');
      expect(await query(database.url, recordedSql)).toEqual(everyFolder);
    } finally {
      await database.drop();
    }
  }, CLI_TIMEOUT);

  it('turns a schema change into a new migration folder in Prisma’s format', async () => {
    const root = copyOfPrismaFolder();
    scratchRoots.push(root);
    const schema = join(root, 'prisma', 'schema.prisma');
    appendFileSync(schema, '\nmodel Probe {\n  id Int @id\n\n  @@map("probes")\n}\n');
    const settings = { databaseUrl: migrated.url, root };

    const create = await runMigrationCli(['create', 'Add probes'], settings);
    const afterwards = await runMigrationCli(['diff'], settings);

    expect(create).toMatchObject({ code: 0, stderr: '' });
    const folders = migrationFolders(join(root, 'prisma', 'migrations'));
    const added = folders.filter((name) => !migrationFolders(MIGRATIONS).includes(name));
    expect(added).toEqual([expect.stringMatching(/^\d{14}_add_probes$/)]);
    const migrations = join(root, 'prisma', 'migrations');
    const script = readFileSync(join(migrations, added[0], 'migration.sql'), 'utf8');
    expect(script).toContain('CREATE TABLE "probes"');
    expect(existsSync(join(migrations, 'migration_lock.toml'))).toBe(true);
    expect(afterwards).toMatchObject({ code: 0, stdout: '', stderr: '' });
  }, CLI_TIMEOUT);
});
