import { BatchWriter } from './batch-writer';

const transient = new Error('database restarting');
const settled = () => new Promise((resolve) => setTimeout(resolve, 50));

/** A writer whose batches end when the test says so, each item's result its double. */
function controlledWriter(retryable = (error: unknown) => error === transient) {
  const open: Array<{ items: number[]; end: (error?: Error) => void }> = [];
  const sut = new BatchWriter<number, number>({
    name: 'test',
    maxBatch: 500,
    maxWaitMs: 10,
    maxConcurrentWrites: 2,
    write: (items) => new Promise((resolve, reject) => open.push({ items, end: (error) => (error ? reject(error) : resolve(items.map((n) => n * 2))) })),
    retryable,
  });
  return { sut, open };
}

describe('BatchWriter', () => {
  it('writes a second batch while the first is still being written, and tells every caller its own result', async () => {
    const { sut, open } = controlledWriter();

    const results = Array.from({ length: 1_500 }, (_, n) => sut.add(n));
    // 1,500 items are three full batches: two are written at once, the third waits for one of them.
    await settled();
    expect(open.map(({ items }) => items.length)).toEqual([500, 500]);
    open.shift()!.end();
    await settled();
    expect(open).toHaveLength(2);
    open.splice(0).forEach(({ end }) => end());
    await expect(Promise.all(results)).resolves.toEqual(Array.from({ length: 1_500 }, (_, n) => n * 2));
  });

  it('writes a batch that failed for a passing reason again, with the same items, until it is written', async () => {
    const { sut, open } = controlledWriter();

    const results = [sut.add(1), sut.add(2)];
    await settled();
    open.shift()!.end(transient);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the first retry waits 100 ms
    expect(open.map(({ items }) => items)).toEqual([[1, 2]]);
    open.shift()!.end(transient);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the second, 200 ms
    open.shift()!.end();
    await expect(Promise.all(results)).resolves.toEqual([2, 4]);
  });

  it('fails the callers of a batch that failed for a reason in the items themselves', async () => {
    const { sut, open } = controlledWriter();

    const result = sut.add(1);
    await settled();
    open.shift()!.end(new Error('invalid input syntax'));
    await expect(result).rejects.toThrow('invalid input syntax');
  });

  it('stops writing again once closed: the failing batch fails its callers', async () => {
    const { sut, open } = controlledWriter();

    const result = sut.add(1);
    await settled();
    open.shift()!.end(transient);
    await settled(); // the batch now waits 100 ms to be written again
    const closed = sut.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(open).toHaveLength(1);
    open.shift()!.end(transient);
    await expect(result).rejects.toThrow('database restarting');
    await closed;
  });
});
