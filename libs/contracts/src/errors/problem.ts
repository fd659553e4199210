/**
 * RFC 9457 problem details, the body of every error response (docs/api.md, Errors). The controller
 * writes it; the CLI and the console read it (as a Partial: a proxy may answer with anything).
 */
export interface Problem {
  /** URI naming the problem type; `urn:edgeplane:problem:<code>`. */
  type: string;
  /** Short summary of the problem type. */
  title: string;
  /** HTTP status code. */
  status: number;
  /** What was wrong with this request and what to do, for a person. */
  detail: string;
  /** The request path. */
  instance: string;
  /** Stable machine-readable code, e.g. `device.not_found`. */
  code: string;
  /** Id of the request in the controller's logs. */
  requestId: string;
  /** 403: the least role the route needs, and the caller's. */
  requiredRole?: string;
  role?: string;
  /** 429: seconds until the caller may send again (also the Retry-After header). */
  retryAfterSeconds?: number;
  /** Further facts: offending fields, token positions, … */
  [extension: string]: unknown;
}
