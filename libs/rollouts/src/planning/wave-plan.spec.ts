import { splitIntoWaves, waveSizes } from './wave-plan';

describe('waveSizes', () => {
  it('rounds percents up and gives the last wave the rest', () => {
    expect(waveSizes([{ percent: 10 }, { percent: 30 }, { percent: 10 }], 25)).toEqual([3, 8, 14]);
  });

  it('mixes counts and percents, and caps them at what is left', () => {
    expect(waveSizes([{ count: 2 }, { percent: 50 }, {}], 10)).toEqual([2, 5, 3]);
    expect(waveSizes([{ count: 8 }, { count: 8 }, { count: 1 }], 10)).toEqual([8, 2, 0]);
  });

  it('puts everything in one wave when there is one', () => {
    expect(waveSizes([{ percent: 5 }], 7)).toEqual([7]);
  });

  it('does not round a share that is exact up by floating-point noise', () => {
    // 16.1 * 1000 / 100 = 161.00000000000003 in floating point.
    expect(waveSizes([{ percent: 16.1 }, {}], 1000)).toEqual([161, 839]);
  });
});

describe('splitIntoWaves', () => {
  it('assigns consecutive items to each wave, every item exactly once', () => {
    expect(splitIntoWaves(['a', 'b', 'c', 'd', 'e'], [1, 0, 3, 1])).toEqual([['a'], [], ['b', 'c', 'd'], ['e']]);
  });
});
