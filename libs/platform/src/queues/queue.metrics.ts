import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from '@edgeplane/contracts';
import { fleetWideGauge, MetricsRegistry } from '../metrics';
import { withDeadline } from '../scheduling';

/** Job states whose counts are reported: waiting to run, running, scheduled for later, failed for good. */
const REPORTED_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** How long a scrape waits for Redis: BullMQ's connection retries forever, and a scrape must not. */
const REDIS_TIMEOUT_MS = 2_000;

/** `edgeplane_queue_jobs{queue, state}`: BullMQ job counts per queue and state, read from Redis at scrape time. */
@Injectable()
export class QueueMetrics {
  constructor(
    metrics: MetricsRegistry,
    @InjectQueue(QueueName.Compile) compile: Queue,
    @InjectQueue(QueueName.Rollout) rollout: Queue,
  ) {
    fleetWideGauge(
      metrics,
      { name: 'queue_jobs', help: 'Jobs per queue (compile, rollout) and state (waiting, active, delayed, failed).', labelNames: ['queue', 'state'] as const },
      async () => {
        const samples = await Promise.all(
          [compile, rollout].map(async (queue) => {
            const counts = await withDeadline(queue.getJobCounts(...REPORTED_STATES), REDIS_TIMEOUT_MS, `queue ${queue.name}: Redis`);
            return REPORTED_STATES.map((state) => ({ labels: { queue: queue.name, state }, value: counts[state] ?? 0 }));
          }),
        );
        return samples.flat();
      },
    );
  }
}
