/**
 * What went wrong, independent of transport. Each transport maps a kind to its own vocabulary
 * (HTTP status, MQTT error reply); domain code never names an HTTP status.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  /** Well-formed and valid field by field, but cannot be carried out as asked (e.g. a target with no devices). */
  | 'unprocessable'
  | 'too_large'
  | 'range_not_satisfiable'
  /** The caller sent more requests than its limit allows in the current window. */
  | 'rate_limited'
  | 'unavailable';

/**
 * Base of every error Edgeplane raises on purpose. `code` is stable and documented (clients branch on
 * it); `message` says what was wrong and what to do, for a person to read.
 */
export class EdgeplaneError extends Error {
  constructor(
    /** Transport-neutral category, mapped to a status by each transport's error filter. */
    readonly kind: ErrorKind,
    /** Stable machine-readable code, `<domain>.<reason>`, e.g. `device.not_found`. */
    readonly code: string,
    message: string,
    /** Extra structured facts for the client (offending field, position of a bad token, …). */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
