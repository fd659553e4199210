// Migrations through Prisma's schema engine in WebAssembly; see docs/database.md.
export { applyMigrations } from './deploy';
export type { DeployResult } from './deploy';
export { createMigration } from './create';
export { pendingMigrationSql } from './diff';
export type { DiffSource } from './diff';
export { DEFAULT_DATABASE_URL, migrationConfigAt } from './migration-config';
export type { MigrationConfig } from './migration-config';
export { resolveMigration } from './resolve';
export type { Resolution } from './resolve';
export { MigrationError } from './migration-error';
export type { MigrationErrorCode } from './migration-error';
export { runMigrationCli } from './cli-process';
export type { CliRun } from './cli-process';
