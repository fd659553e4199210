import {
  QuantizationOptions,
  QuantizationParams,
  computeQuantizationParams,
  dequantize,
  quantize,
} from './linear-quantization';
import { goldenInput } from './testing/golden-inputs';
import { OrtData, runOrt } from './testing/ort-runner';
import { dynamicQuantizeModel, qdqModel } from './testing/qdq-model';
import { seededFloats } from '../testing/seeded-random';

// Golden tests: our results must equal ONNX Runtime's QuantizeLinear / DequantizeLinear /
// DynamicQuantizeLinear bit for bit, or a model quantized here would differ from the same model
// quantized by ORT.

type Case = [name: string, shape: number[], options: QuantizationOptions];
const ASYMMETRIC = { symmetric: false, powerOfTwo: false } as const;
const SYMMETRIC_INT8 = { type: 'int8', symmetric: true, powerOfTwo: false } as const;
const CASES: Case[] = [
  ['uint8 per tensor', [8, 32], { type: 'uint8', ...ASYMMETRIC }],
  ['int8 per tensor', [256], { type: 'int8', ...ASYMMETRIC }],
  ['int8 power-of-two', [256], { ...SYMMETRIC_INT8, powerOfTwo: true }],
  ['int8 symmetric, Conv weight axis 0', [4, 3, 3, 3], { ...SYMMETRIC_INT8, axis: 0 }],
  ['uint8 MatMul weight, output axis 1', [16, 6], { type: 'uint8', ...ASYMMETRIC, axis: 1 }],
];
const alternating = (even: number, odd: number) =>
  Float32Array.from({ length: 300 }, (_, i) => (i % 2 ? odd : even));

/** First element whose bytes differ (so -0 vs 0 counts), or null when all bytes are equal. */
function firstMismatch(ours: OrtData, ort: OrtData, input: ArrayLike<number>): string | null {
  if (ours.length !== ort.length) return `lengths differ: ours ${ours.length}, ORT ${ort.length}`;
  const oursBytes = new Uint8Array(ours.buffer, ours.byteOffset, ours.byteLength);
  const ortBytes = new Uint8Array(ort.buffer, ort.byteOffset, ort.byteLength);
  const index = oursBytes.findIndex((byte, i) => byte !== ortBytes[i]);
  if (index < 0) return null;
  const element = Math.floor(index / ours.BYTES_PER_ELEMENT);
  return `element ${element} (input ${input[element]}): ours ${ours[element]}, ORT ${ort[element]}`;
}

function calibrate(shape: number[], options: QuantizationOptions, seed: number): QuantizationParams {
  const length = shape.reduce((p, d) => p * d, 1);
  return computeQuantizationParams(seededFloats(seed, length, -0.8, 2.3), shape, options);
}

describe('linear quantization against ONNX Runtime', () => {
  const sut = { quantize, dequantize, computeQuantizationParams };

  it.each(CASES)('quantizes like QuantizeLinear, byte for byte (%s)', async (_, shape, options) => {
    const params = calibrate(shape, options, 11);
    const { data, ties } = goldenInput(shape, params, 12);

    const ort = await runOrt(qdqModel('QuantizeLinear', shape, params), 'float32', data, shape);

    expect(ties).toBeGreaterThan(10);
    expect(firstMismatch(sut.quantize(data, shape, params), ort.y, data)).toBeNull();
  });

  it.each(CASES)('dequantizes like DequantizeLinear, float for float (%s)', async (_, shape, opts) => {
    const params = calibrate(shape, opts, 21);
    const length = shape.reduce((p, d) => p * d, 1);
    // Walks every integer of the type, with a stride coprime to 256 so each channel sees many values.
    const pattern = Uint8Array.from({ length }, (_, i) => (i * 37) % 256);
    const q = opts.type === 'int8' ? new Int8Array(pattern.buffer) : pattern;

    const ort = await runOrt(qdqModel('DequantizeLinear', shape, params), opts.type, q, shape);

    expect(firstMismatch(sut.dequantize(q, shape, params), ort.y, q)).toBeNull();
  });

  it.each([
    ['mixed signs', seededFloats(31, 300, -0.8, 2.3)],
    ['positive only, widened to 0', seededFloats(32, 300, 0.5, 2)],
    ['negative only, widened to 0', seededFloats(33, 300, -3, -1)],
    ['[-1, 1]: zero point 127.49999 in float32', alternating(-1, 1)],
    ['zero point exactly 2.5, rounded to 2', alternating(-2.5 / 64, 3.9453125)],
    ['constant', new Float32Array(300).fill(5)],
    ['all zeros', new Float32Array(300)],
  ])('chooses uint8 parameters as DynamicQuantizeLinear does (%s)', async (_, data) => {
    const params = sut.computeQuantizationParams(data, [300], { type: 'uint8', ...ASYMMETRIC });

    const ort = await runOrt(dynamicQuantizeModel([300]), 'float32', data, [300]);

    expect(firstMismatch(params.scale, ort.y_scale, [])).toBeNull();
    expect(params.zeroPoint[0]).toBe(ort.y_zero_point[0]);
    expect(firstMismatch(sut.quantize(data, [300], params), ort.y, data)).toBeNull();
  });
});
