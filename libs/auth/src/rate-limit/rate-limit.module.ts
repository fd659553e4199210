import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerModule } from '@nestjs/throttler';
import { EdgeplaneConfig, RedisConnection } from '@edgeplane/platform';
import { FailOpenThrottlerStorage } from './fail-open-throttler-storage';

/**
 * @nestjs/throttler with its counters in Redis (@nest-lab/throttler-storage-redis: one atomic Lua
 * script per request) on the controller's own Redis connection, so that every replica counts the same.
 * The per-caller limit is chosen by RateLimitGuard; the window is the one throttler's ttl.
 */
export const RateLimitModule = ThrottlerModule.forRootAsync({
  inject: [EdgeplaneConfig, RedisConnection],
  useFactory: (config: EdgeplaneConfig, redis: RedisConnection) => ({
    throttlers: [{ name: 'default', ttl: config.EDGEPLANE_RATE_LIMIT_WINDOW_SECONDS * 1000, limit: config.EDGEPLANE_RATE_LIMIT_PER_KEY }],
    storage: new FailOpenThrottlerStorage(new ThrottlerStorageRedisService(redis.client)),
  }),
});
