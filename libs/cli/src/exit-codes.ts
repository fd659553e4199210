/**
 * Exit codes scripts can rely on (docs/cli.md). A frozen contract: scripts branch on these numbers,
 * so a code is never reused for another meaning.
 */
export const ExitCode = {
  /** The command did what was asked (a deployment completed, at least one variant was accepted). */
  ok: 0,
  /** The operation ran and failed: a deployment rolled back or failed, every compile job failed, a server error. */
  failed: 1,
  /** The command line was wrong: unknown command or option, missing or malformed argument. */
  usage: 2,
  /** No key, an unknown or revoked key (401), or a key whose role is too low (403). */
  auth: 3,
  /** The device, model, version, job or deployment does not exist (404). */
  notFound: 4,
  /** The controller refused the request: invalid input (400/413/422) or a conflict (409). */
  refused: 5,
  /** A deployment was aborted by an operator. */
  aborted: 6,
  /** A deployment was rolled back by its gates. */
  rolledBack: 7,
  /** The controller could not be reached (connection refused, DNS, TLS), as sysexits' EX_UNAVAILABLE. */
  unreachable: 69,
  /** Ctrl-C while watching (128 + SIGINT, as shells report it): the operation keeps running on the controller. */
  interrupted: 130,
  /** Rate limited (429): try again after the time the message names, as sysexits' EX_TEMPFAIL. */
  rateLimited: 75,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
