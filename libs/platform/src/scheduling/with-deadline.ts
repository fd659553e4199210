/** The deadline passed before the work finished (the work itself may still finish later). */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
}

/**
 * Waits for `work` at most `ms`: settles as it does, or rejects with a DeadlineExceededError saying
 * `what` when the time is up. The work goes on and its outcome is dropped (Promise.race has handled it).
 * For calls whose client would otherwise wait for ever: a Redis or MQTT client queueing until it
 * reconnects, while a probe, a scrape or a request must answer now.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
