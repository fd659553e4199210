import { Logger } from '@nestjs/common';

export interface BatchWriterOptions<T, R> {
  /** Names the writer in logs. */
  name: string;
  /** A batch is written when it holds this many items… */
  maxBatch: number;
  /** …or when its first item has waited this long. */
  maxWaitMs: number;
  /** Batches written at once, started in arrival order. */
  maxConcurrentWrites: number;
  /** Writes one batch; resolves with each item's result, in the items' order. */
  write: (items: T[]) => Promise<R[]>;
  /**
   * Errors after which the same batch is written again (the database restarting, a deadlock): the
   * items were already taken from the broker, so giving up on them would lose them. Any other error
   * fails the batch's items.
   */
  retryable: (error: unknown) => boolean;
}

/** Waits between attempts at one batch: doubling from the first, then the last one over and over. */
const RETRY_DELAYS_MS = [100, 200, 400, 800, 1_600, 3_200, 5_000];

interface Pending<T, R> {
  item: T;
  settle: (result: R) => void;
  fail: (error: Error) => void;
}

/**
 * Collects items written one by one into batches: one database round trip for hundreds of device
 * messages instead of one each. Each caller learns its own item's result when its batch is written.
 * A batch that fails with a retryable error is written again with backoff, for as long as it takes
 * (new items wait behind it: the caller bounds how many it hands in), until `close()`.
 */
export class BatchWriter<T, R> {
  private readonly logger: Logger;
  private pending: Pending<T, R>[] = [];
  private timer?: NodeJS.Timeout;
  private readonly queued: Pending<T, R>[][] = [];
  private readonly writing = new Set<Promise<void>>();
  private closing = false;

  constructor(private readonly options: BatchWriterOptions<T, R>) {
    this.logger = new Logger(options.name);
  }

  add(item: T): Promise<R> {
    return new Promise((settle, fail) => {
      this.pending.push({ item, settle, fail });
      if (this.pending.length >= this.options.maxBatch) this.startBatch();
      else this.timer ??= setTimeout(() => this.startBatch(), this.options.maxWaitMs);
    });
  }

  /** Writes what is pending now; resolves when everything added so far is written (or failed). */
  async flush(): Promise<void> {
    this.startBatch();
    while (this.writing.size > 0) await Promise.all(this.writing);
  }

  /** Stops retrying (a batch still failing then fails its items) and writes what is pending once. */
  async close(): Promise<void> {
    this.closing = true;
    await this.flush();
  }

  private startBatch(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending.splice(0);
    if (batch.length > 0) this.queued.push(batch);
    this.startWrites();
  }

  private startWrites(): void {
    while (this.writing.size < this.options.maxConcurrentWrites && this.queued.length > 0) {
      const write: Promise<void> = this.writeWithRetries(this.queued.shift()!).finally(() => {
        this.writing.delete(write);
        this.startWrites();
      });
      this.writing.add(write);
    }
  }

  private async writeWithRetries(batch: Pending<T, R>[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const results = await this.options.write(batch.map(({ item }) => item));
        batch.forEach(({ settle }, index) => settle(results[index]));
        if (attempt > 0) this.logger.log(`batch of ${batch.length} written after ${attempt} retries`);
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (this.closing || !this.options.retryable(error)) {
          this.logger.error(`batch of ${batch.length} not written: ${message}`);
          batch.forEach(({ fail }) => fail(error instanceof Error ? error : new Error(message)));
          return;
        }
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
        // Once per streak of failures, then every minute or so: a database down for long is one story.
        if (attempt === 0 || attempt % 12 === 0) this.logger.warn(`batch of ${batch.length} not written (${message}); writing it again, attempt ${attempt + 2} in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
