import type { ApiKeyRole } from './api-key';

/** Who is calling, as GET /api/v1/me answers: what a console needs to decide which actions to offer. */
export interface CallerView {
  /** How the caller authenticated; API keys are the only operator credentials today. */
  kind: 'api_key';
  /** Id of the API key. */
  id: string;
  /** The key's unique human name. */
  name: string;
  /** The key's role (admin ⊃ operator ⊃ viewer). */
  role: ApiKeyRole;
}
