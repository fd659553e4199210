import { Module } from '@nestjs/common';
import { QueueMetrics } from './queue.metrics';
import { QueuesModule } from './queues.module';

/** Queue depths for GET /metrics; the controller's, whose replicas all see the same queues. */
@Module({
  imports: [QueuesModule],
  providers: [QueueMetrics],
})
export class QueueMetricsModule {}
