
/** RFC 9457 problem details, the body of every error response. */
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
  /** Further facts: offending fields, token positions, … */
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  416: 'Range not satisfiable',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function titleOf(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server error' : 'Client error');
}

export function problemType(code: string): string {
  return `urn:edgeplane:problem:${code}`;
}
