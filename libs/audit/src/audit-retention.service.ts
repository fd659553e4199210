import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AuditEventRepository } from '@edgeplane/persistence';
import { EdgeplaneConfig, PeriodicTask } from '@edgeplane/platform';

const PRUNE_INTERVAL_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Deletes audit events older than EDGEPLANE_AUDIT_RETENTION_DAYS, hourly; harmless on every replica at once. */
@Injectable()
export class AuditRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditRetentionService.name);
  private readonly task = new PeriodicTask('audit retention', PRUNE_INTERVAL_MS, () => this.prune());

  constructor(
    private readonly events: AuditEventRepository,
    private readonly config: EdgeplaneConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }

  async prune(now = Date.now()): Promise<void> {
    const deleted = await this.events.pruneBefore(new Date(now - this.config.EDGEPLANE_AUDIT_RETENTION_DAYS * DAY_MS));
    if (deleted > 0) this.logger.log(`retention: deleted ${deleted} audit events`);
  }
}
