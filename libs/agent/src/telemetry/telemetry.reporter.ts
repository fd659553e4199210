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

/** One closed telemetry window: its bounds and the inference figures counted in it. */
interface ClosedWindow {
  start: Date;
  end: Date;
  variants: Telemetry['variants'];
}

/**
 * Every interval: one telemetry message (health, per-variant inference figures, dropped count),
 * enveloped once (so its messageId survives redelivery), put in the spool, and the spool drained.
 * Every message goes through the spool, connected or not, so order and delivery have one path.
 *
 * A window is closed on its tick, synchronously: its end is the next window's start and its
 * inference figures are taken at that instant, so windows stay contiguous however long a report
 * takes. Reports then go out one after another, in window order. (Under load a health sample, which
 * waits for the file system, once outlasted the interval, and two reports shared one start.)
 */
export class TelemetryReporter {
  private timer: NodeJS.Timeout | undefined;
  private windowStart = new Date();
  private reporting: Promise<void> = Promise.resolve();

  constructor(private readonly deps: TelemetryReporterDependencies) {}

  start(): void {
    this.windowStart = new Date();
    this.timer = setInterval(() => this.closeWindow(), this.deps.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Resolves once every window closed so far has been reported (or its failure logged). */
  settled(): Promise<void> {
    return this.reporting;
  }

  private closeWindow(): void {
    const { stats, host, logger } = this.deps;
    const serving = host.list().map(({ model, record }) => ({ model, variantId: record.variantId }));
    const window: ClosedWindow = { start: this.windowStart, end: new Date(), variants: stats.takeWindow(serving) };
    this.windowStart = window.end;
    this.reporting = this.reporting
      .then(() => this.report(window))
      .catch((error: Error) => logger.error({ reason: error.message }, 'telemetry not recorded'));
  }

  private async report({ start, end, variants }: ClosedWindow): Promise<void> {
    const { deviceId, health, spool, drainer } = this.deps;
    const body: Telemetry = {
      windowStart: start.toISOString(),
      windowEnd: end.toISOString(),
      health: await health.sample(),
      variants,
      droppedMessages: await spool.takeDropped(),
    };
    await spool.append(JSON.stringify(envelope(deviceId, body)));
    drainer.kick();
  }
}
