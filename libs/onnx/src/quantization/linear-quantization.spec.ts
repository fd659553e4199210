import { computeQuantizationParams, dequantize, quantize } from './linear-quantization';
import { seededFloats } from '../testing/seeded-random';

const f32 = (values: number[]) => Float32Array.from(values);
const asymmetric = (type: 'int8' | 'uint8', axis?: number) =>
  ({ type, symmetric: false, powerOfTwo: false, axis }) as const;
const SYMMETRIC = { type: 'int8', symmetric: true, powerOfTwo: false } as const;
const POWER_OF_TWO = { type: 'int8', symmetric: true, powerOfTwo: true } as const;

describe('linear quantization', () => {
  const sut = { computeQuantizationParams, quantize, dequantize };

  describe('asymmetric, per tensor', () => {
    it('follows the spec formula on x ∈ [-1, 3] as uint8: scale 4/255, zero point 64', () => {
      const data = f32([-1, 0, 3, 1]);

      const params = sut.computeQuantizationParams(data, [4], asymmetric('uint8'));

      expect(params).toEqual({
        scale: f32([4 / 255]),
        zeroPoint: Int32Array.of(64),
        axis: null,
        type: 'uint8',
      });
      // -1 → round(-63.75) + 64 = 0; 3 → round(191.25) + 64 = 255; 1 → round(63.75) + 64 = 128
      expect(sut.quantize(data, [4], params)).toEqual(Uint8Array.of(0, 64, 255, 128));
    });

    it('shifts the zero point by -128 for int8', () => {
      const data = f32([-1, 0, 3, 1]);

      const params = sut.computeQuantizationParams(data, [4], asymmetric('int8'));

      expect(params.zeroPoint).toEqual(Int32Array.of(-64));
      expect(sut.quantize(data, [4], params)).toEqual(Int8Array.of(-128, -64, 127, 0));
    });

    it('rounds a zero point that is an exact tie to even: -min / scale = 2.5 → 2', () => {
      // [-2.5/64, 3.9453125] spans exactly 255/64, so scale is exactly 1/64.
      const data = f32([-2.5 / 64, 3.9453125]);

      const uint8 = sut.computeQuantizationParams(data, [2], asymmetric('uint8'));
      const int8 = sut.computeQuantizationParams(data, [2], asymmetric('int8'));

      expect(uint8.scale).toEqual(f32([1 / 64]));
      expect(uint8.zeroPoint).toEqual(Int32Array.of(2));
      expect(int8.zeroPoint).toEqual(Int32Array.of(-126));
    });

    it('widens [0.5, 2] to [0, 2] so that 0 round-trips exactly', () => {
      const data = f32([0.5, 2, 1]);

      const params = sut.computeQuantizationParams(data, [3], asymmetric('uint8'));
      const zero = sut.dequantize(sut.quantize(f32([0]), [1], params), [1], params);

      expect(params.scale).toEqual(f32([2 / 255]));
      expect(params.zeroPoint).toEqual(Int32Array.of(0));
      expect(zero).toEqual(f32([0]));
    });

    it('keeps every pruned (zero) weight exactly zero in a random tensor', () => {
      const data = seededFloats(7, 1000, -0.3, 1.7).map((x, i) => (i % 3 === 0 ? 0 : x));

      for (const type of ['uint8', 'int8'] as const) {
        const params = sut.computeQuantizationParams(data, [1000], asymmetric(type));
        const restored = sut.dequantize(sut.quantize(data, [1000], params), [1000], params);

        restored.forEach((x, i) => i % 3 === 0 && expect(Object.is(x, 0)).toBe(true));
      }
    });
  });

  describe('per channel', () => {
    it('gives each row its own parameters along axis 0', () => {
      const data = f32([-0.5, 0, 2, 0, 2, 4]);

      const params = sut.computeQuantizationParams(data, [2, 3], asymmetric('uint8', 0));

      // Row 0: [-0.5, 2] → scale 2.5/255, zero point 0.5 · 102 = 51. Row 1: [0, 4] → 4/255, 0.
      expect(params.scale).toEqual(f32([2.5 / 255, 4 / 255]));
      expect(params.zeroPoint).toEqual(Int32Array.of(51, 0));
      expect(params.axis).toBe(0);
      // 2 / fp32(4/255) is 127.4999924 in float32, so it rounds down to 127.
      expect(sut.quantize(data, [2, 3], params)).toEqual(Uint8Array.of(0, 51, 255, 0, 127, 255));
    });

    it('gives each column its own parameters along axis 1 (or -1)', () => {
      const data = f32([-1, 0.5, 5, 3, 2, 0]);

      const params = sut.computeQuantizationParams(data, [2, 3], asymmetric('uint8', -1));

      expect(params.axis).toBe(1);
      expect(params.scale).toEqual(f32([4 / 255, 2 / 255, 5 / 255]));
      expect(params.zeroPoint).toEqual(Int32Array.of(64, 0, 0));
      expect(sut.quantize(data, [2, 3], params)).toEqual(Uint8Array.of(0, 64, 255, 255, 255, 0));
    });
  });

  describe('symmetric int8', () => {
    it('uses zero point 0 and scale max|x| / 127, never producing -128', () => {
      const data = f32([-2, 0.5, 1, 0]);

      const params = sut.computeQuantizationParams(data, [4], SYMMETRIC);

      expect(params.scale).toEqual(f32([2 / 127]));
      expect(params.zeroPoint).toEqual(Int32Array.of(0));
      // 0.5 → 31.75 → 32; 1 → 63.5, a tie, → 64
      expect(sut.quantize(data, [4], params)).toEqual(Int8Array.of(-127, 32, 64, 0));
    });

    it('with reduceRange uses 7 bits: scale max|x| / 63, values within ±63', () => {
      const data = f32([-2, 0.5, 1, 0]);

      const params = sut.computeQuantizationParams(data, [4], { ...SYMMETRIC, reduceRange: true });

      expect(params.scale).toEqual(f32([2 / 63]));
      // 0.5 → 15.75 → 16; 1 → just under 31.5 (the float32 scale is a little above 2/63) → 31
      expect(sut.quantize(data, [4], params)).toEqual(Int8Array.of(-63, 16, 31, 0));
    });

    it('rounds a scale up to the next power of two so that max|x| does not saturate', () => {
      // 1/127 lies between 2^-7 and 2^-6; 2^-7 would map 1 to 128 and clip it.
      const params = sut.computeQuantizationParams(f32([1, -0.25]), [2], POWER_OF_TWO);

      expect(params.scale).toEqual(f32([2 ** -6]));
      expect(sut.quantize(f32([1, -0.25]), [2], params)).toEqual(Int8Array.of(64, -16));
    });

    it('keeps a scale that already is a power of two: max|x| = 127 · 2^-4', () => {
      const params = sut.computeQuantizationParams(f32([-127 / 16]), [1], POWER_OF_TWO);

      expect(params.scale).toEqual(f32([2 ** -4]));
      expect(sut.quantize(f32([-127 / 16]), [1], params)).toEqual(Int8Array.of(-127));
    });

    it('picks, per channel, the smallest power of two that saturates nothing', () => {
      const magnitudes = [1e-3, 0.07, 1, 3.3, 250];
      const data = Float32Array.from(
        magnitudes.flatMap((m, row) => [...seededFloats(row + 1, 64, -m, m)]),
      );

      const params = sut.computeQuantizationParams(data, [5, 64], { ...POWER_OF_TWO, axis: 0 });

      expect(params.scale).toHaveLength(5);
      params.scale.forEach((scale, row) => {
        const channel = data.subarray(row * 64, row * 64 + 64);
        const absMax = Math.max(...channel.map(Math.abs));
        expect(Number.isInteger(Math.log2(scale))).toBe(true);
        expect(absMax / scale).toBeLessThanOrEqual(127);
        expect(absMax / (scale / 2)).toBeGreaterThan(127);
      });
    });
  });

  it('applies ties-to-even when quantizing: 0.5, 1.5, 2.5, -0.5, -1.5 → 0, 2, 2, 0, -2', () => {
    const params = { scale: f32([1]), zeroPoint: Int32Array.of(0), axis: null, type: 'int8' as const };

    expect(sut.quantize(f32([0.5, 1.5, 2.5, -0.5, -1.5]), [5], params)).toEqual(
      Int8Array.of(0, 2, 2, 0, -2),
    );
  });

  it.each([
    ['uint8 per tensor', asymmetric('uint8'), [4096]],
    ['int8 per tensor', asymmetric('int8'), [4096]],
    ['int8 per channel, axis 1', asymmetric('int8', 1), [64, 64]],
    ['symmetric int8 per channel', { ...SYMMETRIC, axis: 0 }, [64, 64]],
  ] as const)('keeps |x - dequantize(quantize(x))| within scale/2 (%s)', (_, options, shape) => {
    const data = seededFloats(42, 4096, -0.8, 2.3);
    const params = sut.computeQuantizationParams(data, shape, options);

    const restored = sut.dequantize(sut.quantize(data, shape, params), shape, params);

    const channelOf = (i: number) => [0, i >> 6, i & 63][params.axis === null ? 0 : params.axis + 1];
    const errorInSteps = data.map((x, i) => Math.abs(x - restored[i]) / params.scale[channelOf(i)]);
    const worst = Math.max(...errorInSteps);
    // The 1e-5 allows for float32 rounding of quotient and product, far below a rounding mistake.
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-5);
    expect(worst).toBeGreaterThan(0.4);
  });
});
