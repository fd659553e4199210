import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's request id is kept so one id follows a request across proxies; anything that does not
// look like an id is replaced rather than echoed into our logs.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

type WithId = IncomingMessage & { id?: string };

/**
 * First middleware of the HTTP stack: gives every request an id before anything can fail (even body
 * parsing), sets the X-Request-Id response header, and leaves it as `req.id` for logs and errors.
 */
export function requestIdMiddleware(req: WithId, res: ServerResponse, next: () => void): void {
  const given = req.headers[REQUEST_ID_HEADER];
  req.id = typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, req.id);
  next();
}

export function requestIdOf(req: IncomingMessage): string {
  return (req as WithId).id ?? randomUUID();
}
