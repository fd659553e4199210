import { parseDurationSeconds } from './duration';

describe('parseDurationSeconds', () => {
  const sut = parseDurationSeconds;

  it.each([
    ['900', 900],
    ['1', 1],
    ['30s', 30],
    ['15m', 900],
    ['1h', 3_600],
    ['1d', 86_400],
    ['PT15M', 900],
    ['PT1H30M', 5_400],
    ['P1D', 86_400],
    ['P1DT2H', 93_600],
    ['PT45S', 45],
  ])('reads %j as %d seconds', (text, seconds) => {
    expect(sut(text)).toBe(seconds);
  });

  it.each(['', '0', '0m', 'PT0S', 'P', 'PT', 'P1DT', '-5', '1.5', '15 minutes', '15M', 'P1M', 'P1Y', 'pt15m', '1w', 'PT1.5S'])(
    'refuses %j',
    (text) => {
      expect(sut(text)).toBeNull();
    },
  );
});
