import { ExitCode } from './exit-codes';

/** An error the CLI prints as one message (what went wrong and what to do) and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** The problem+json body the controller answered with, printed as is under `--json`. */
    readonly problem?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A bad argument found by the CLI itself, before asking the controller. */
export function usageError(message: string): CliError {
  return new CliError(message, ExitCode.usage);
}
