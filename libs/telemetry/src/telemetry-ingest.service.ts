import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { TelemetryMessage } from '@edgeplane/contracts';
import { DeviceStateRepository, TelemetryRepository } from '@edgeplane/persistence';
import { TelemetryBatch } from './telemetry-batch';

/** A batch is written when it holds this many messages… */
const MAX_BATCH = 500;
/** …or when its first message has waited this long. */
const MAX_WAIT_MS = 200;
/**
 * Batches written at once. A batch is mostly PostgreSQL's time, which a second batch overlaps; batches
 * touching the same rollup rows lock them in one order (as two replicas do), so they only take turns.
 * One at a time stored about 1,600 messages a second from 10,000 devices (bench/scale).
 */
const MAX_CONCURRENT_WRITES = 2;

interface Pending {
  message: TelemetryMessage;
  settle: (known: boolean) => void;
  fail: (error: Error) => void;
}

/**
 * Writes telemetry in batches: one transaction stores up to MAX_BATCH messages and merges their
 * latency into the per-minute rollups, instead of one transaction per message. Up to
 * MAX_CONCURRENT_WRITES batches per replica are written at once, started in arrival order. Each
 * caller learns when its message is stored.
 */
@Injectable()
export class TelemetryIngestService implements OnApplicationShutdown {
  private readonly logger = new Logger(TelemetryIngestService.name);
  private pending: Pending[] = [];
  private timer?: NodeJS.Timeout;
  private readonly queued: Pending[][] = [];
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly telemetry: TelemetryRepository,
    private readonly states: DeviceStateRepository,
  ) {}

  /** Resolves true once stored (or recognised as a redelivery), false if the device is unknown or retired. */
  accept(message: TelemetryMessage): Promise<boolean> {
    return new Promise((settle, fail) => {
      this.pending.push({ message, settle, fail });
      if (this.pending.length >= MAX_BATCH) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), MAX_WAIT_MS);
    });
  }

  /** Writes what is pending now; resolves when everything accepted so far is written. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending.splice(0);
    if (batch.length > 0) this.queued.push(batch);
    this.startWrites();
    while (this.writing.size > 0) await Promise.all(this.writing);
  }

  private startWrites(): void {
    while (this.writing.size < MAX_CONCURRENT_WRITES && this.queued.length > 0) {
      const write: Promise<void> = this.write(this.queued.shift()!).finally(() => {
        this.writing.delete(write);
        this.startWrites();
      });
      this.writing.add(write);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      const receivedAt = new Date();
      const known = await this.states.markHeard(batch.map(({ message }) => message.deviceId), receivedAt, 'heard');
      const storable = batch.filter(({ message }) => known.has(message.deviceId));
      if (storable.length > 0) {
        const rows = new TelemetryBatch(storable.map(({ message }) => message), receivedAt);
        await this.telemetry.storeBatch(rows.rows, (stored) => rows.rollupPlan(stored));
      }
      batch.forEach(({ message, settle }) => settle(known.has(message.deviceId)));
    } catch (error) {
      this.logger.error(`telemetry batch of ${batch.length} not stored: ${(error as Error).message}`);
      batch.forEach(({ fail }) => fail(error as Error));
    }
  }
}
