import type { EdgeplaneError } from '@edgeplane/contracts';
import type { AuthenticatedKey } from '../guard/authenticated-key';

/**
 * Who sent a request, as far as its credentials say: an API key, a device (routes that allow device
 * credentials), or nobody — with the reason when credentials were missing or wrong.
 */
export type Caller =
  | { kind: 'api_key'; key: AuthenticatedKey }
  | { kind: 'device'; deviceId: string }
  | { kind: 'anonymous'; failure: EdgeplaneError };
