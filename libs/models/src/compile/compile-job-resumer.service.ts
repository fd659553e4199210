import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { CompileJobData, QueueName } from '@edgeplane/contracts';
import { PeriodicTask } from '@edgeplane/platform';
import { CompileRequestsService } from './compile-requests.service';

/** How often queued variants are checked for a job Redis lost. */
const RESUME_INTERVAL_MS = 30_000;

/**
 * PostgreSQL is the record of which variants wait for a compiler; Redis only carries their jobs. A
 * Redis restarted without persistence (or flushed, or failed over to a replica that had not caught
 * up) comes back without them, and those variants would stay `queued` for ever. This queues them
 * again: at boot, whenever the connection to Redis is ready again, and periodically.
 */
@Injectable()
export class CompileJobResumerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CompileJobResumerService.name);
  private readonly task = new PeriodicTask('compile job resumer', RESUME_INTERVAL_MS, () => this.resume());

  constructor(
    private readonly requests: CompileRequestsService,
    @InjectQueue(QueueName.Compile) private readonly queue: Queue<CompileJobData>,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start();
    // Not awaited: a Redis outage at boot must not hold the controller's start-up.
    void this.queue.client.then((client) => client.on('ready', () => void this.task.runNow())).catch(() => undefined);
    void this.task.runNow();
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }

  private async resume(): Promise<void> {
    const requeued = await this.requests.requeueLost();
    if (requeued > 0) this.logger.warn(`queued ${requeued} compile job(s) again that Redis no longer held (restarted or flushed?)`);
  }
}
