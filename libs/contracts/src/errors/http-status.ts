import type { ErrorKind } from './edgeplane-error';

/** The HTTP status of each error kind, for every HTTP server of ours (the controller's API, the agent's). */
export const HTTP_STATUS_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_large: 413,
  range_not_satisfiable: 416,
  rate_limited: 429,
  unavailable: 503,
};
