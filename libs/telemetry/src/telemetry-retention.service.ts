import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TelemetryRepository } from '@edgeplane/persistence';
import { EdgeplaneConfig, PeriodicTask } from '@edgeplane/platform';

const PRUNE_INTERVAL_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Deletes raw telemetry and rollups past their retention, hourly. Running on every replica is
 * harmless: deleting what is already gone deletes nothing. (At fleet scale, partitioning
 * telemetry_messages by day turns this into dropping partitions: docs/scaling.md.)
 */
@Injectable()
export class TelemetryRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TelemetryRetentionService.name);
  private readonly task = new PeriodicTask('telemetry retention', PRUNE_INTERVAL_MS, () => this.prune());

  constructor(
    private readonly telemetry: TelemetryRepository,
    private readonly config: EdgeplaneConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }

  async prune(now = Date.now()): Promise<void> {
    const deleted = await this.telemetry.prune(
      new Date(now - this.config.EDGEPLANE_TELEMETRY_RETENTION_DAYS * DAY_MS),
      new Date(now - this.config.EDGEPLANE_ROLLUP_RETENTION_DAYS * DAY_MS),
    );
    if (deleted.messages + deleted.rollups > 0) this.logger.log(`retention: deleted ${deleted.messages} messages, ${deleted.rollups} rollups`);
  }
}
