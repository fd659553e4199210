import type { ApiKeyRole } from '../auth';

/** Who made an audited request: an API key, a device with its own credentials, or nobody identified. */
export const AUDIT_ACTOR_KINDS = ['api_key', 'device', 'anonymous'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

/** One audited request (every write, and reads that hand out model files), as the audit log lists it. */
export interface AuditEventView {
  /** Event id (UUIDv7: ids sort in time order). */
  id: string;
  /** ISO 8601 time the response completed. */
  at: string;
  /** Who: `anonymous` when no valid credentials were presented or checked (the attempt is still recorded). */
  actor: {
    /** Kind of caller. */
    kind: AuditActorKind;
    /** API key id or device id; null when anonymous. */
    id: string | null;
    /** API key name; null for devices and anonymous callers. */
    name: string | null;
    /** The API key's role; null for devices and anonymous callers. */
    role: ApiKeyRole | null;
  };
  /** HTTP method. */
  method: string;
  /** Route pattern, e.g. `/api/v1/devices/:id`; the path itself when no route matched. */
  route: string;
  /** Route parameters naming the resources acted on, e.g. `{ "id": "0190…" }`. */
  resource: Record<string, string>;
  /** What the route does, from its documentation, e.g. `Provision a device`. */
  summary: string;
  /** Outcome: HTTP status (0 when the client went away before the response completed). */
  status: number;
  /** Stable error code of a refused or failed request (`auth.insufficient_role`, …); null on success. */
  errorCode: string | null;
  /** Client address, honouring EDGEPLANE_TRUST_PROXY. */
  clientIp: string;
  /** The request's User-Agent header, cut to 256 characters; null when absent. */
  userAgent: string | null;
  /** The request id (X-Request-Id), to find the request in the controller's logs. */
  requestId: string;
}
