/**
 * Roles, each including the one after it: `admin` manages API keys and hardware profiles, `operator`
 * manages devices (later models and rollouts), `viewer` only reads.
 */
export const API_KEY_ROLES = ['admin', 'operator', 'viewer'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** Whether a key with role `held` may do what `required` allows. */
export function roleSatisfies(held: ApiKeyRole, required: ApiKeyRole): boolean {
  return API_KEY_ROLES.indexOf(held) <= API_KEY_ROLES.indexOf(required);
}

/** An API key as listed; the token itself is only ever returned when the key is created. */
export interface ApiKeyView {
  /** Key id. */
  id: string;
  /** Unique human name, e.g. `ci-pipeline`. */
  name: string;
  /** The key's role. */
  role: ApiKeyRole;
  /** First characters of the token, to tell keys apart. */
  prefix: string;
  /** ISO 8601 creation time. */
  createdAt: string;
  /** ISO 8601 time of the last authenticated request, or null (updated at most once a minute). */
  lastUsedAt: string | null;
  /** ISO 8601 revocation time, or null while active. */
  revokedAt: string | null;
}

/** Returned once when a key is created. */
export interface CreatedApiKeyView extends ApiKeyView {
  /** The bearer token. Edgeplane keeps only its hash: store it now. */
  token: string;
}
