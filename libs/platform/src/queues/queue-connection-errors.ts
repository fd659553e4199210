import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from '@edgeplane/contracts';

/**
 * Listens to every queue's 'error' events from the moment the queues exist. BullMQ re-emits its Redis
 * connection's errors on the queue, and an 'error' nobody listens to is thrown: with Redis down at
 * start-up, the first ECONNREFUSED could arrive before the services that use a queue are constructed
 * and crash the process. Redis being down is reported where it matters (a 503 on a compile request,
 * /ready, the rollout resumer's retries); the connection retries on its own.
 */
@Injectable()
export class QueueConnectionErrors {
  constructor(
    @InjectQueue(QueueName.Compile) compile: Queue,
    @InjectQueue(QueueName.Rollout) rollout: Queue,
  ) {
    for (const queue of [compile, rollout]) queue.on('error', () => undefined);
  }
}
