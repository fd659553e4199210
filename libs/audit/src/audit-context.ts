import type { Request } from 'express';

/** What the audit trail learns about a request once it has been routed (AuditContextGuard). */
export interface AuditContext {
  /** Route pattern, e.g. `/api/v1/devices/:id`. */
  route: string;
  /** Route parameters: the resources acted on. */
  resource: Record<string, string>;
  /** What the route does, from its documentation. */
  summary: string;
  /** A GET route recorded like a write (@AuditedRead). */
  auditedRead: boolean;
}

const CONTEXT = Symbol('edgeplane:audit-context');

type WithAuditContext = Request & { [CONTEXT]?: AuditContext };

export function setAuditContext(request: Request, context: AuditContext): void {
  (request as WithAuditContext)[CONTEXT] = context;
}

/** Undefined when the request never reached a route (unknown path, body refused before routing). */
export function auditContextOf(request: Request): AuditContext | undefined {
  return (request as WithAuditContext)[CONTEXT];
}
