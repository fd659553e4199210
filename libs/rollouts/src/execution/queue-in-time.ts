import { DeadlineExceededError, withDeadline } from '@edgeplane/platform';

/** How long an API request waits for Redis to take a step before leaving it to the rollout resumer. */
export const QUEUE_WAIT_MS = 2_000;

/**
 * Runs `queue` (adding a rollout step) and tells whether it was done within `waitMs`; an error is
 * thrown as it is. Used after a transition is stored: the request then answers either way, since
 * the resumer queues what the stored state calls for (BullMQ waits for Redis instead of failing).
 */
export async function queuedInTime(queue: () => Promise<void>, waitMs = QUEUE_WAIT_MS): Promise<boolean> {
  try {
    await withDeadline(queue(), waitMs, 'queueing a rollout step');
    return true;
  } catch (error) {
    if (error instanceof DeadlineExceededError) return false;
    throw error;
  }
}
