import { Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { METRIC_PREFIX, MetricsRegistry } from '@edgeplane/platform';

/** Telemetry batch writes of this replica: how long each took and how many messages it carried. */
@Injectable()
export class TelemetryMetrics {
  private readonly writeDuration: Histogram<'outcome'>;
  private readonly batchSize: Histogram;

  constructor(metrics: MetricsRegistry) {
    this.writeDuration = new Histogram({
      name: `${METRIC_PREFIX}telemetry_batch_write_duration_seconds`,
      help: 'Seconds one telemetry batch write (messages and latency rollups, one transaction) took, by outcome (stored, failed; a failed batch is retried); per replica.',
      labelNames: ['outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [metrics.registry],
    });
    this.batchSize = new Histogram({
      name: `${METRIC_PREFIX}telemetry_batch_messages`,
      help: 'Telemetry messages per batch write; per replica.',
      buckets: [1, 5, 10, 25, 50, 100, 250, 500],
      registers: [metrics.registry],
    });
  }

  /** Runs one batch write and times it. */
  async timeWrite<T>(messages: number, write: () => Promise<T>): Promise<T> {
    const stop = this.writeDuration.startTimer();
    try {
      const result = await write();
      stop({ outcome: 'stored' });
      this.batchSize.observe(messages);
      return result;
    } catch (error) {
      stop({ outcome: 'failed' });
      throw error;
    }
  }
}
