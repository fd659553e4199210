import { roundHalfToEven } from './round';

describe('roundHalfToEven', () => {
  const sut = roundHalfToEven;

  it.each([
    [0.5, 0],
    [1.5, 2],
    [2.5, 2],
    [3.5, 4],
    [-1.5, -2],
    [-2.5, -2],
    [254.5, 254],
    [255.5, 256],
  ])('rounds the tie %d to the even neighbour %d', (x, expected) => {
    expect(sut(x)).toBe(expected);
  });

  it('keeps the sign of zero, as nearbyintf does: -0.5 → -0', () => {
    expect(Object.is(sut(-0.5), -0)).toBe(true);
    expect(Object.is(sut(0.5), 0)).toBe(true);
  });

  it.each([
    [2.4, 2],
    [2.6, 3],
    [-2.6, -3],
    [0.49999999999999994, 0],
    [2 ** 53, 2 ** 53],
    [Infinity, Infinity],
  ])('rounds the non-tie %d to the nearest integer %d', (x, expected) => {
    expect(sut(x)).toBe(expected);
  });
});
