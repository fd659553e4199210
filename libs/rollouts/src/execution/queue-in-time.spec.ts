import { queuedInTime } from './queue-in-time';

describe('queuedInTime', () => {
  it('tells that the step was queued when the add resolves within the wait', async () => {
    await expect(queuedInTime(() => new Promise((resolve) => setTimeout(resolve, 5)), 1_000)).resolves.toBe(true);
  });

  it('gives up after the wait when the add hangs (Redis unreachable)', async () => {
    const started = Date.now();
    await expect(queuedInTime(() => new Promise(() => undefined), 50)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('throws the error of a failed add', async () => {
    await expect(queuedInTime(() => Promise.reject(new Error('connection refused')), 1_000)).rejects.toThrow('connection refused');
  });
});
