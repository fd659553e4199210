/**
 * Where a command writes: results to `out` (stdout), diagnostics and progress to `err` (stderr).
 * Under `--json`, `out` gets exactly one JSON document and nothing else.
 */
export interface Terminal {
  /** `--json`: print the API's JSON (or the command's documented result object) instead of tables. */
  json: boolean;
  /** Whether stdout is an interactive terminal (progress bars are drawn only then). */
  interactive: boolean;
  out(text: string): void;
  err(text: string): void;
}

/** Prints `value` as the command's one JSON document. */
export function printJson(terminal: Terminal, value: unknown): void {
  terminal.out(`${JSON.stringify(value, null, 2)}\n`);
}
