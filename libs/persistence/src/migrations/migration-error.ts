/** Stable codes of the failures the migration tool reports; scripts may branch on them. */
export type MigrationErrorCode =
  | 'migration.config_invalid'
  | 'migration.database_unreachable'
  | 'migration.engine_failed'
  | 'migration.folder_invalid';

/**
 * A migration step that could not be done. The message says what was wrong and what to do; the CLI
 * prints it as is and exits non-zero.
 */
export class MigrationError extends Error {
  constructor(
    /** What kind of failure this is, e.g. `migration.engine_failed`. */
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}
