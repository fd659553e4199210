import type { ErrorRegistry } from '@prisma/driver-adapter-utils';
import { MigrationError } from './migration-error';

/** Where the engine's message ends and its Rust span trace ("   0: schema_engine…") begins. */
const TRACE_START = /\n\s*0: /;

/**
 * Turns an engine failure into a MigrationError that says what went wrong and what to do.
 *
 * Errors thrown by the adapter that are not driver errors reach the engine only as
 * "External error id#N"; the original waits in the factory's registry under N (consumeError, the
 * only lookup adapter-utils 7.10.1 has). The Rust span trace is dropped, except for the name of the
 * migration it mentions.
 */
export function explainEngineError(error: unknown, registry: ErrorRegistry): MigrationError {
  if (error instanceof MigrationError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  let original: unknown;
  const [head] = raw.split(TRACE_START);
  const message = head
    .replace(/External error id#(\d+)/, (text, id: string) => {
      original = registry.consumeError(Number(id))?.error;
      return original === undefined ? text : describeAdapterError(original);
    })
    .replace(/^external connector error\n/, '')
    .trim();
  const failed = /migration_name="([^"]+)"/.exec(raw)?.[1];
  const what = failed ? `migration ${failed} failed: ${message}` : message;
  return new MigrationError('migration.engine_failed', what + advice(message, failed), {
    cause: original ?? error,
  });
}

function advice(message: string, failedMigration: string | undefined): string {
  if (failedMigration) {
    // The script ran as one query, hence one transaction: the failure left nothing half-done.
    return `\nPostgreSQL rolled back all of ${failedMigration}. ${retry(failedMigration)}`;
  }
  const blocked = /The `([^`]+)` migration started at/.exec(message)?.[1];
  if (blocked) {
    return (
      `\n${retry(blocked)} If you completed it by hand instead, record that with ` +
      `\`cli.ts resolve --applied ${blocked}\`.`
    );
  }
  if (/shadow database/i.test(message) && /permission denied/i.test(message)) {
    return (
      '\nCreating a migration replays the migrations in a throw-away shadow database, so the ' +
      'DATABASE_URL user needs CREATEDB (applying migrations does not).'
    );
  }
  return '';
}

function retry(migration: string): string {
  return (
    `To retry: fix ${migration}/migration.sql (or the database), ` +
    `run \`cli.ts resolve --rolled-back ${migration}\`, then deploy again.`
  );
}

function describeAdapterError(error: unknown): string {
  const cause = (error as { cause?: Record<string, unknown> }).cause;
  if (cause && typeof cause === 'object' && ('originalMessage' in cause || 'kind' in cause)) {
    const text = cause.originalMessage ?? cause.message ?? cause.kind;
    const code = cause.originalCode ?? cause.code;
    return `${String(text)}${code ? ` (${String(code)})` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}
