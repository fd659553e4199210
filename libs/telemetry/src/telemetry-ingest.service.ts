import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { TelemetryMessage } from '@edgeplane/contracts';
import { DeviceStateRepository, isTransientDatabaseError, TelemetryRepository } from '@edgeplane/persistence';
import { BatchWriter } from '@edgeplane/platform';
import { TelemetryBatch } from './telemetry-batch';
import { TelemetryMetrics } from './telemetry.metrics';

/**
 * Writes telemetry in batches: one transaction stores up to 500 messages and merges their latency
 * into the per-minute rollups, instead of one transaction per message. Each caller learns when its
 * message is stored; a batch the database could not take (restarting, unreachable) is written again
 * until it can, so a message the controller has taken from the broker is not lost.
 */
@Injectable()
export class TelemetryIngestService implements OnApplicationShutdown {
  private readonly batches = new BatchWriter<TelemetryMessage, boolean>({
    name: TelemetryIngestService.name,
    maxBatch: 500,
    maxWaitMs: 200,
    // A batch is mostly PostgreSQL's time, which a second batch overlaps; batches touching the same
    // rollup rows lock them in one order (as two replicas do), so they only take turns. One at a time
    // stored about 1,600 messages a second from 10,000 devices (bench/scale).
    maxConcurrentWrites: 2,
    write: (messages) => this.metrics.timeWrite(messages.length, () => this.write(messages)),
    retryable: isTransientDatabaseError,
  });

  constructor(
    private readonly telemetry: TelemetryRepository,
    private readonly states: DeviceStateRepository,
    private readonly metrics: TelemetryMetrics,
  ) {}

  /** Resolves true once stored (or recognised as a redelivery), false if the device is unknown or retired. */
  accept(message: TelemetryMessage): Promise<boolean> {
    return this.batches.add(message);
  }

  /** Writes what is pending now; resolves when everything accepted so far is written. */
  flush(): Promise<void> {
    return this.batches.flush();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.batches.close();
  }

  private async write(messages: TelemetryMessage[]): Promise<boolean[]> {
    const receivedAt = new Date();
    const known = await this.states.markHeard(messages.map(({ deviceId }) => deviceId), receivedAt, 'heard');
    const storable = messages.filter(({ deviceId }) => known.has(deviceId));
    if (storable.length > 0) {
      const rows = new TelemetryBatch(storable, receivedAt);
      await this.telemetry.storeBatch(rows.rows, (stored) => rows.rollupPlan(stored));
    }
    return messages.map(({ deviceId }) => known.has(deviceId));
  }
}
