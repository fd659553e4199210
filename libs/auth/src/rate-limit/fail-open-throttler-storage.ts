import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// One warning per this many milliseconds while Redis is down, not one per request.
const WARN_EVERY_MS = 60_000;

/**
 * Counts in the shared storage (Redis) and lets requests through when it cannot be reached: a Redis
 * outage must not take the operator API down with it (readiness already reports Redis), and
 * PostgreSQL-backed routes keep working. The limit is off until Redis answers again; this is logged.
 */
export class FailOpenThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private lastWarnedAt = 0;

  constructor(private readonly storage: ThrottlerStorage) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    try {
      return await this.storage.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      if (Date.now() - this.lastWarnedAt >= WARN_EVERY_MS) {
        this.lastWarnedAt = Date.now();
        this.logger.warn(`rate limits are not enforced: their counters in Redis are unreachable (${(error as Error).message})`);
      }
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
