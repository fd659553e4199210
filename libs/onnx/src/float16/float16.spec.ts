import { float16Bits, float16Value } from './float16';

describe('float16Bits', () => {
  const sut = float16Bits;

  it.each([
    ['1.0', 1, 0x3c00],
    ['-2.0', -2, 0xc000],
    ['6', 6, 0x4600],
    ['-2.5', -2.5, 0xc100],
    ['0', 0, 0x0000],
    ['-0 keeps its sign', -0, 0x8000],
    ['largest finite, 65504', 65504, 0x7bff],
    ['65519.99 rounds down to 65504', 65519.99, 0x7bff],
    ['65520, the tie above 65504, rounds to even: infinity', 65520, 0x7c00],
    ['1e6 overflows to infinity', 1e6, 0x7c00],
    ['1e8 overflows to infinity', 1e8, 0x7c00],
    ['-1e8 overflows to -infinity', -1e8, 0xfc00],
    ['Infinity', Infinity, 0x7c00],
    ['-Infinity', -Infinity, 0xfc00],
    ['smallest normal, 2^-14', 2 ** -14, 0x0400],
    ['largest subnormal, 1023 × 2^-24', 1023 * 2 ** -24, 0x03ff],
    ['smallest subnormal, 2^-24', 2 ** -24, 0x0001],
    ['6e-8 becomes the smallest subnormal 2^-24', 6e-8, 0x0001],
    ['2^-25 is a tie between 0 and 2^-24: to even, 0', 2 ** -25, 0x0000],
    ['just above 2^-25 rounds up to 2^-24', 2 ** -25 * (1 + 2 ** -20), 0x0001],
    ['1.5 × 2^-24 is a tie: to even, 2 × 2^-24', 1.5 * 2 ** -24, 0x0002],
    ['1e-9 underflows to 0', 1e-9, 0x0000],
    ['-1e-9 underflows to -0', -1e-9, 0x8000],
    ['1 + 2^-11 is a tie: to even, 1.0', 1 + 2 ** -11, 0x3c00],
    ['1 + 3 × 2^-11 is a tie: to even, 1 + 2^-9', 1 + 3 * 2 ** -11, 0x3c02],
    ['2047.5 rounds up past the mantissa into 2048', 2047.5, 0x6800],
    ['0.1', 0.1, 0x2e66],
  ])('%s', (_, value, bits) => {
    expect(sut(value)).toBe(bits);
  });

  it('keeps NaN a NaN', () => {
    const bits = sut(NaN);

    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x03ff).not.toBe(0);
  });

  it('round-trips every float16 bit pattern', () => {
    const mismatches = Array.from({ length: 0x10000 }, (_, bits) => bits).filter((bits) => {
      const value = float16Value(bits);
      return !Number.isNaN(value) && sut(value) !== bits;
    });

    expect(mismatches).toEqual([]);
  });
});
