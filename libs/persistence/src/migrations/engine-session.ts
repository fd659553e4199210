import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import { MigrationAdapterFactory } from './adapter-factory';
import { PgConfig } from './database-config';
import { explainEngineError } from './engine-error';
import { loadSchemaEngine } from './wasm-engine';

/** Every table and enum is ours: prisma.config.ts declares no externally managed ones. */
export const NO_SCHEMA_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

/**
 * Runs `work` with a schema engine connected to `config`'s database, then frees the engine.
 * Engine failures come back as MigrationError with the database's own message.
 *
 * The engine keeps its pool and a 10 s advisory-lock timer alive even after `free()`, so a process
 * that used it must exit explicitly (the CLI does); long-lived processes should run the CLI
 * instead (cli-process.ts).
 */
export async function withSchemaEngine<T>(
  config: PgConfig,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const factory = bindMigrationAwareSqlAdapterFactory(new MigrationAdapterFactory(config));
  let engine: SchemaEngine | undefined;
  try {
    engine = await loadSchemaEngine().new({ datamodels: undefined }, ignoreLog, factory);
    return await work(engine);
  } catch (error) {
    throw explainEngineError(error, factory.errorRegistry);
  } finally {
    engine?.free();
  }
}

function ignoreLog(): void {
  // The engine logs tracing spans; the messages worth showing arrive as errors.
}
