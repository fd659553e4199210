import type { Logger } from 'pino';
import { envelope, type Telemetry } from '@edgeplane/contracts';
import type { ModelHost } from '../serving/model-host';
import type { InferenceStats } from './inference-stats';
import type { MachineHealth } from './machine-health';
import type { SpoolDrainer } from './spool-drainer';
import type { TelemetrySpool } from './telemetry-spool';

export interface TelemetryReporterDependencies {
  deviceId: string;
  intervalMs: number;
  stats: InferenceStats;
  health: MachineHealth;
  host: ModelHost;
  spool: TelemetrySpool;
  drainer: SpoolDrainer;
  logger: Logger;
}

/**
 * Every interval: one telemetry message (health, per-variant inference figures, dropped count),
 * enveloped once (so its messageId survives redelivery), put in the spool, and the spool drained.
 * Every message goes through the spool, connected or not, so order and delivery have one path.
 */
export class TelemetryReporter {
  private timer: NodeJS.Timeout | undefined;
  private windowStart = new Date();

  constructor(private readonly deps: TelemetryReporterDependencies) {}

  start(): void {
    this.windowStart = new Date();
    this.timer = setInterval(() => {
      this.report().catch((error: Error) => this.deps.logger.error({ reason: error.message }, 'telemetry not recorded'));
    }, this.deps.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async report(): Promise<void> {
    const { deviceId, stats, health, host, spool, drainer } = this.deps;
    const windowEnd = new Date();
    const body: Telemetry = {
      windowStart: this.windowStart.toISOString(),
      windowEnd: windowEnd.toISOString(),
      health: await health.sample(),
      variants: stats.takeWindow(host.list().map(({ model, record }) => ({ model, variantId: record.variantId }))),
      droppedMessages: await spool.takeDropped(),
    };
    this.windowStart = windowEnd;
    await spool.append(JSON.stringify(envelope(deviceId, body)));
    drainer.kick();
  }
}
