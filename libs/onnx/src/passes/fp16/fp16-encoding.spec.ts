import {
  encodeFloat16,
  float16BitsToFloat32,
  float16Overflow,
  float32ToFloat16Bits,
} from './fp16-encoding';

describe('float32ToFloat16Bits', () => {
  const sut = float32ToFloat16Bits;

  it.each([
    ['1.0', 1, 0x3c00],
    ['-2.0', -2, 0xc000],
    ['0', 0, 0x0000],
    ['-0 keeps its sign', -0, 0x8000],
    ['largest finite, 65504', 65504, 0x7bff],
    ['65519.99 rounds down to 65504', 65519.99, 0x7bff],
    ['65520, the tie above 65504, rounds to even: infinity', 65520, 0x7c00],
    ['1e8 overflows to infinity', 1e8, 0x7c00],
    ['-1e8 overflows to -infinity', -1e8, 0xfc00],
    ['Infinity', Infinity, 0x7c00],
    ['smallest normal, 2^-14', 2 ** -14, 0x0400],
    ['largest subnormal, 1023 × 2^-24', 1023 * 2 ** -24, 0x03ff],
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
      const value = float16BitsToFloat32(bits);
      return !Number.isNaN(value) && sut(value) !== bits;
    });

    expect(mismatches).toEqual([]);
  });
});

describe('encodeFloat16', () => {
  it('writes little-endian float16 bytes, as ONNX raw_data holds them', () => {
    const sut = encodeFloat16;

    expect([...sut([1, -2, 65504])]).toEqual([0x00, 0x3c, 0x00, 0xc0, 0xff, 0x7b]);
  });
});

describe('float16Overflow', () => {
  const sut = float16Overflow;

  it('returns the largest magnitude beyond 65504', () => {
    expect(sut([1, -9.8e7, 70000])).toBe(9.8e7);
  });

  it('accepts 65504 and infinities, which float16 represents', () => {
    expect(sut([65504, -65504, Infinity, -Infinity, NaN])).toBeNull();
  });
});
