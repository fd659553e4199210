import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { EdgeplaneConfig } from '../config';
import { ReadinessProbe } from '../health';

/** The controller's own Redis connection, kept open so readiness reflects the live link. */
@Injectable()
export class RedisConnection implements ReadinessProbe, OnApplicationShutdown {
  readonly dependency = 'redis';
  readonly client: Redis;

  constructor(config: EdgeplaneConfig) {
    // Fail commands fast while disconnected instead of queueing them: readiness must say "down" now.
    this.client = new Redis(config.REDIS_URL, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectionName: 'edgeplane-controller',
      lazyConnect: false,
      // With the server gone there is no socket to close gracefully; do not hold shutdown for 2 s.
      disconnectTimeout: 200,
    });
    this.client.on('error', () => undefined); // reported through ping(); ioredis reconnects itself
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}
