import { EdgeplaneError } from '@edgeplane/contracts';

/** A caller over its request limit; `retryAfterSeconds` is also the Retry-After header. */
export class RateLimitedError extends EdgeplaneError {
  constructor(caller: string, limit: number, windowSeconds: number, retryAfterSeconds: number) {
    super(
      'rate_limited',
      'rate_limit.exceeded',
      `${caller} sent more than ${limit} requests in ${windowSeconds} s; retry after ${retryAfterSeconds} s ` +
        '(Retry-After header). Spread requests out, or ask an admin to raise the limit (docs/api.md, Rate limits).',
      { limit, windowSeconds, retryAfterSeconds },
    );
  }
}
