import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { CharAsTextClient } from './char-as-text-client';
import { PgConfig, withDatabase } from './database-config';

/**
 * The adapter factory the schema engine migrates through: @prisma/adapter-pg with the fixes that
 * migrations need (the client-side queries are fine without them). Versions are pinned in
 * package.json because these fixes lean on adapter-pg 7.10.1's behaviour.
 */
export class MigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = '@prisma/adapter-pg';

  constructor(private readonly config: PgConfig) {}

  connect(): Promise<SqlDriverAdapter> {
    return openAdapter(this.config);
  }

  /**
   * Creates a scratch database and connects to it. adapter-pg's own version drops the database
   * while its pool is still connected (the drop fails, the database leaks) and loses the password
   * when given a pg.Pool; here the shadow pool is closed first, then the database dropped.
   */
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const admin = await openAdapter(this.config);
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    try {
      await admin.executeScript(`CREATE DATABASE "${name}"`);
    } catch (error) {
      await admin.dispose();
      throw error;
    }
    const shadow = await openAdapter(withDatabase(this.config, name));
    return new MigrationAdapter(shadow, async () => {
      await shadow.dispose();
      try {
        await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
      } finally {
        await admin.dispose();
      }
    });
  }
}

async function openAdapter(config: PgConfig): Promise<SqlDriverAdapter> {
  const pool = new pg.Pool({ ...config, Client: CharAsTextClient });
  const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
  return new MigrationAdapter(adapter, () => adapter.dispose());
}

/** Delegates to adapter-pg, except for how scripts run and what disposing means. */
class MigrationAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter['provider'];
  readonly adapterName: string;

  constructor(
    private readonly inner: SqlDriverAdapter,
    private readonly release: () => Promise<void>,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  queryRaw(query: SqlQuery) {
    return this.inner.queryRaw(query);
  }

  executeRaw(query: SqlQuery) {
    return this.inner.executeRaw(query);
  }

  startTransaction(isolationLevel?: IsolationLevel) {
    return this.inner.startTransaction(isolationLevel);
  }

  getConnectionInfo() {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: true };
  }

  /**
   * Runs a whole migration script as one simple-protocol query, as Prisma's native engine does:
   * PostgreSQL then runs it in one implicit transaction (a failing migration leaves nothing behind)
   * and `$$` function bodies stay intact. adapter-pg splits the script on `;` instead. A query
   * without parameters goes through pg's simple protocol, and executeRaw keeps adapter-pg's mapping
   * of PostgreSQL errors, which the engine needs to report them.
   */
  async executeScript(script: string): Promise<void> {
    await this.inner.executeRaw({ sql: script, args: [], argTypes: [] });
  }

  dispose(): Promise<void> {
    return this.release();
  }
}
