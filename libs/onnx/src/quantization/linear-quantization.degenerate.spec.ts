import { computeQuantizationParams, dequantize, quantize } from './linear-quantization';
import {
  InvalidQuantizationArgumentError,
  NonFiniteTensorError,
  RangeTooWideError,
} from './quantization.errors';

const f32 = (values: number[]) => Float32Array.from(values);
const UINT8 = { type: 'uint8', symmetric: false, powerOfTwo: false } as const;
const INT8 = { type: 'int8', symmetric: false, powerOfTwo: false } as const;
const SYMMETRIC = { type: 'int8', symmetric: true, powerOfTwo: false } as const;
const POWER_OF_TWO = { type: 'int8', symmetric: true, powerOfTwo: true } as const;

describe('linear quantization of degenerate input', () => {
  const sut = { computeQuantizationParams, quantize, dequantize };

  it.each([
    ['uint8', UINT8],
    ['int8', INT8],
    ['symmetric', SYMMETRIC],
    ['power of two', POWER_OF_TWO],
  ] as const)('gives an all-zero tensor scale 1 and zero point 0 (%s)', (_, options) => {
    const params = sut.computeQuantizationParams(new Float32Array(4), [2, 2], options);

    expect(params.scale).toEqual(f32([1]));
    expect(params.zeroPoint).toEqual(Int32Array.of(0));
    expect(sut.dequantize(sut.quantize(new Float32Array(4), [2, 2], params), [2, 2], params)).toEqual(
      new Float32Array(4),
    );
  });

  it('gives an all-zero channel scale 1 while its neighbour gets a real scale', () => {
    const params = sut.computeQuantizationParams(f32([0, 0, -1, 3]), [2, 2], { ...UINT8, axis: 0 });

    expect(params.scale).toEqual(f32([1, 4 / 255]));
    expect(params.zeroPoint).toEqual(Int32Array.of(0, 64));
  });

  it('treats an empty tensor as all-zero', () => {
    const params = sut.computeQuantizationParams(new Float32Array(0), [0, 3], UINT8);

    expect(params.scale).toEqual(f32([1]));
  });

  it.each([
    [5, 5 / 255, 0, 255],
    [-5, 5 / 255, 255, 0],
  ])('widens a constant tensor of %d to include 0, so it keeps its value', (c, scale, zp, q) => {
    const data = f32([c, c, c]);
    const params = sut.computeQuantizationParams(data, [3], UINT8);
    const quantized = sut.quantize(data, [3], params);

    expect(params.scale).toEqual(f32([scale]));
    expect(params.zeroPoint).toEqual(Int32Array.of(zp));
    expect(quantized).toEqual(Uint8Array.of(q, q, q));
    expect(sut.dequantize(quantized, [3], params)[0]).toBeCloseTo(c, 5);
  });

  it('uses scale 1 when the range is so small that the scale would be subnormal', () => {
    const params = sut.computeQuantizationParams(f32([1e-37, -1e-37]), [2], UINT8);

    expect(params.scale).toEqual(f32([1]));
    expect(params.zeroPoint).toEqual(Int32Array.of(0));
  });

  it.each([NaN, Infinity, -Infinity])('refuses %d, naming the tensor and the element', (bad) => {
    const attempt = () =>
      sut.computeQuantizationParams(f32([1, 2, bad]), [3], { ...UINT8, tensorName: 'conv1.weight' });

    expect(attempt).toThrow(NonFiniteTensorError);
    expect(attempt).toThrow(`conv1.weight: element 2 is ${bad}`);
  });

  it('refuses a range whose scale would overflow float32', () => {
    const attempt = () => sut.computeQuantizationParams(f32([-3e38, 3e38]), [2], UINT8);

    expect(attempt).toThrow(RangeTooWideError);
  });

  it('saturates ±Infinity when quantizing, as ORT does, and refuses NaN', () => {
    const params = sut.computeQuantizationParams(f32([-1, 3]), [2], UINT8);

    expect(sut.quantize(f32([Infinity, -Infinity]), [2], params)).toEqual(Uint8Array.of(255, 0));
    expect(() => sut.quantize(f32([0, NaN]), [2], params)).toThrow('element 1 is NaN');
  });

  it.each([
    ['a shape that does not match the data', [3], UINT8, 'holds 3 elements but the data has 4'],
    ['an axis beyond the rank', [2, 2], { ...UINT8, axis: 2 }, 'axis 2 is outside'],
    ['symmetric uint8', [4], { ...UINT8, symmetric: true }, 'symmetric quantization is int8 only'],
    ['power of two without symmetric', [4], { ...INT8, powerOfTwo: true }, 'need symmetric: true'],
    ['a reduced range without symmetric', [4], { ...INT8, reduceRange: true }, 'needs symmetric: true'],
  ] as const)('refuses %s', (_, shape, options, message) => {
    const attempt = () => sut.computeQuantizationParams(new Float32Array(4), shape, options);

    expect(attempt).toThrow(InvalidQuantizationArgumentError);
    expect(attempt).toThrow(message);
  });

  it('refuses params that do not fit the tensor', () => {
    const perTensor = sut.computeQuantizationParams(f32([1, 2, 3, 4]), [2, 2], UINT8);

    expect(() => sut.quantize(f32([1, 2, 3, 4]), [2, 2], { ...perTensor, axis: 0 })).toThrow(
      'params hold 1 scales and 1 zero points but the tensor has 2 channel(s)',
    );
    expect(() => sut.dequantize(new Int8Array(4), [2, 2], perTensor)).toThrow('params are uint8, data is not');
  });
});
