import { StrictlyIncreasingClock } from './strictly-increasing-clock';

describe('StrictlyIncreasingClock', () => {
  it('never gives the same millisecond twice, however fast it is read', () => {
    const sut = new StrictlyIncreasingClock();
    const readings = Array.from({ length: 1000 }, () => sut.now().getTime());

    expect(readings.every((reading, index) => index === 0 || reading > readings[index - 1])).toBe(true);
  });

  it('stays with the wall clock when read slowly', async () => {
    const sut = new StrictlyIncreasingClock();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Math.abs(sut.now().getTime() - Date.now())).toBeLessThan(5);
  });
});
