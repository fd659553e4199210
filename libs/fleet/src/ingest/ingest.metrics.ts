import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { DeviceChannel } from '@edgeplane/contracts';
import { METRIC_PREFIX, MetricsRegistry } from '@edgeplane/platform';
import { IngestStats } from './ingest-stats';

/**
 * Device-message metrics of this replica. The accepted and refused counts are IngestStats' own,
 * read at scrape time (one count, shown both by GET /api/v1/ingest/stats and here); the lag is
 * observed as each message is decoded.
 */
@Injectable()
export class IngestMetrics {
  private readonly lag: Histogram<'channel'>;

  constructor(metrics: MetricsRegistry, stats: IngestStats) {
    const registers = [metrics.registry];
    new Counter({
      name: `${METRIC_PREFIX}device_messages_ingested_total`,
      help: 'Device messages this replica accepted and stored, by channel (reported, status, telemetry); per replica: sum() over replicas.',
      labelNames: ['channel'] as const,
      registers,
      collect() {
        this.reset();
        for (const [channel, count] of Object.entries(stats.snapshot().accepted)) this.inc({ channel }, count ?? 0);
      },
    });
    new Counter({
      name: `${METRIC_PREFIX}device_messages_rejected_total`,
      help: 'Device messages this replica refused, by reason (too_large, not_json, schema, device_mismatch, unknown_topic, unknown_device); per replica: sum() over replicas.',
      labelNames: ['reason'] as const,
      registers,
      collect() {
        this.reset();
        for (const [reason, count] of Object.entries(stats.snapshot().rejected)) this.inc({ reason }, count ?? 0);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}device_messages_in_handlers`,
      help: 'Device messages this replica received and has not yet stored or refused; at the limit it stops reading from the broker.',
      registers,
      collect() {
        this.set(stats.snapshot().inHandlers.now);
      },
    });
    this.lag = new Histogram({
      name: `${METRIC_PREFIX}device_message_lag_seconds`,
      help: "Seconds from a device message's sentAt to its arrival at this replica, by channel (device clocks ahead of the controller's count as 0); per replica.",
      labelNames: ['channel'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    });
  }

  /** A message decoded at `receivedAt` that its device sent at `sentAt` (ISO 8601). */
  received(channel: DeviceChannel, sentAt: string, receivedAt = Date.now()): void {
    const sent = Date.parse(sentAt);
    if (Number.isNaN(sent)) return;
    this.lag.observe({ channel }, Math.max(0, receivedAt - sent) / 1000);
  }
}
