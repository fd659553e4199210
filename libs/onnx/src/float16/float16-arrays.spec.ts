import { encodeFloat16, float16BitsToFloat32, float16Overflow, float32ToFloat16Bits } from './float16-arrays';

describe('float16 array conversion', () => {
  const sut = { float16BitsToFloat32, float32ToFloat16Bits };
  const toBits = (...values: number[]) => [...sut.float32ToFloat16Bits(values)];
  const toValues = (...bits: number[]) => [...sut.float16BitsToFloat32(Uint16Array.from(bits))];

  it('decodes the landmarks of the format', () => {
    expect(toValues(0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x8000, 0x7c00, 0xfc00)).toEqual([
      1, -2, 65504, 2 ** -24, 2 ** -14, -0, Infinity, -Infinity,
    ]);
    expect(toValues(0x7e00)[0]).toBeNaN();
  });

  it('encodes the landmarks of the format', () => {
    expect(toBits(1, -2, 65504, 2 ** -24, 2 ** -14, -0, Infinity, 1e6)).toEqual([
      0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x8000, 0x7c00, 0x7c00,
    ]);
    expect(toBits(Number.NaN)[0]! & 0x7c00).toBe(0x7c00);
  });

  it('rounds to nearest with ties to even, in normals, subnormals and at the overflow edge', () => {
    expect(toBits(1 + 2 ** -11, 1 + 3 * 2 ** -11, 1 + 2 ** -11 + 2 ** -20)).toEqual([0x3c00, 0x3c02, 0x3c01]);
    expect(toBits(2 ** -25, 3 * 2 ** -25, 2 ** -26)).toEqual([0x0000, 0x0002, 0x0000]);
    expect(toBits(65519, 65520)).toEqual([0x7bff, 0x7c00]);
  });

  it('gives back every non-NaN half exactly after decoding and encoding', () => {
    const all = Uint16Array.from({ length: 0x10000 }, (_, bits) => bits);
    const notNaN = all.filter((bits) => (bits & 0x7c00) !== 0x7c00 || (bits & 0x3ff) === 0);

    const roundTrip = sut.float32ToFloat16Bits(sut.float16BitsToFloat32(notNaN));

    expect(roundTrip).toEqual(notNaN);
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
