import { DeadlineExceededError, withDeadline } from './with-deadline';

const later = <T>(ms: number, settle: (resolve: (value: T) => void, reject: (error: Error) => void) => void) =>
  new Promise<T>((resolve, reject) => setTimeout(() => settle(resolve, reject), ms));

describe('withDeadline', () => {
  it('settles as the work does when it is in time', async () => {
    await expect(withDeadline(later(5, (resolve) => resolve('done')), 1_000, 'work')).resolves.toBe('done');
    await expect(withDeadline(later(5, (_, reject) => reject(new Error('refused'))), 1_000, 'work')).rejects.toThrow('refused');
  });

  it('rejects with a DeadlineExceededError naming the work when it is late', async () => {
    const late = withDeadline(later(200, (resolve) => resolve('too late')), 20, 'redis ping');
    await expect(late).rejects.toBeInstanceOf(DeadlineExceededError);
    await expect(late).rejects.toThrow('redis ping: no answer within 20 ms');
  });
});
