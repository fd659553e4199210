import { Queue } from 'bullmq';

/**
 * A BullMQ queue that hears its connection's errors from the moment it exists. BullMQ re-emits its
 * Redis connection's errors on the queue, and an 'error' nobody listens to is thrown: with Redis
 * down, the first ECONNREFUSED could arrive before any provider that uses the queue had subscribed
 * (a full test run on a loaded machine saw it crash a controller started without Redis). Redis being
 * down is reported where it matters: a 503 on a compile request, /ready, the resumers' retries; the
 * connection retries on its own.
 */
export class HeardQueue extends Queue {
  constructor(...args: ConstructorParameters<typeof Queue>) {
    super(...args);
    this.on('error', () => undefined);
  }
}
