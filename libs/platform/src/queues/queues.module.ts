import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '@edgeplane/contracts';
import { EdgeplaneConfig } from '../config';
import { HeardQueue } from './heard-queue';
import { redisOptionsFromUrl } from './redis-options';

// Every queue registered below (read when BullModule.registerQueue runs) listens to its errors from birth.
BullModule.queueClass = HeardQueue;

/** The BullMQ connection and queues: compile (controller produces, compiler consumes) and rollout (the controller both). */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [EdgeplaneConfig],
      useFactory: (config: EdgeplaneConfig) => ({
        connection: redisOptionsFromUrl(config.REDIS_URL),
        prefix: config.EDGEPLANE_QUEUE_PREFIX,
      }),
    }),
    BullModule.registerQueue({ name: QueueName.Compile }, { name: QueueName.Rollout }),
  ],
  exports: [BullModule],
})
export class QueuesModule {}
