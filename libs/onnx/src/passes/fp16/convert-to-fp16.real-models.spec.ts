import { TensorProto_DataType as DataType, type ModelProto, type ValueInfoProto } from 'onnx-buf';
import { readModel, writeModel } from '../../model-io';
import { type RealModelName, realModelBytes } from '../../testing/onnx-test-models';
import { convertToFp16, type Fp16ConversionReport } from './convert-to-fp16';
import { runOrt } from './testing/ort-session';
import { textLikeImage } from '../../testing/text-like-image';

// The three PaddleOCR models, converted and run in ORT next to their float32 originals.

const INPUT_SHAPES: Record<RealModelName, [number, number, number, number]> = {
  cls: [1, 3, 48, 192],
  det: [1, 3, 96, 96],
  rec: [1, 3, 48, 160],
};

const interfaceOf = (model: ModelProto) => {
  const describe = (value: ValueInfoProto) => {
    const type = value.type?.value;
    return { name: value.name, elemType: type?.case === 'tensorType' ? type.value.elemType : undefined };
  };
  return { inputs: model.graph!.input.map(describe), outputs: model.graph!.output.map(describe) };
};

/** Cosine similarity, accumulated in float64 so the sum does not round away the difference. */
function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index += 1) {
    dot += a[index] * b[index];
    normA += a[index] * a[index];
    normB += b[index] * b[index];
  }
  return dot / Math.sqrt(normA * normB);
}

describe.each(['cls', 'det', 'rec'] as const)('convertToFp16 on the PaddleOCR %s model', (name) => {
  const sut = convertToFp16;
  const originalBytes = realModelBytes(name);
  const original = readModel(originalBytes);
  let convertedBytes: Uint8Array;
  let report: Fp16ConversionReport;

  beforeAll(() => {
    const result = sut(original);
    convertedBytes = writeModel(result.model);
    report = result.report;
  });

  it('keeps input and output names and float32 types', () => {
    const converted = interfaceOf(readModel(convertedBytes));

    expect(converted).toEqual(interfaceOf(original));
    expect([...converted.inputs, ...converted.outputs].map(({ elemType }) => elemType)).toEqual([
      DataType.FLOAT,
      DataType.FLOAT,
    ]);
  });

  it('stores the model in at most 55 % of its float32 size', () => {
    expect(convertedBytes.length / originalBytes.length).toBeLessThanOrEqual(0.55);
  });

  it('answers like the float32 model in ORT (cosine ≥ 0.9999)', async () => {
    const [, , height, width] = INPUT_SHAPES[name];
    const x = { data: textLikeImage(7, height, width), dims: INPUT_SHAPES[name] };

    const [expected, actual] = await Promise.all([
      runOrt(originalBytes, { x }),
      runOrt(convertedBytes, { x }),
    ]);

    const [output] = Object.keys(expected);
    // A confident answer somewhere: near-zero outputs would only measure float16 rounding.
    expect(expected[output].data.reduce((max, value) => Math.max(max, value), 0)).toBeGreaterThan(0.5);
    expect(Object.keys(actual)).toEqual([output]);
    expect(actual[output].dims).toEqual(expected[output].dims);
    expect(cosine(actual[output].data, expected[output].data)).toBeGreaterThanOrEqual(0.9999);
  });

  if (name === 'det') {
    it('keeps the BatchNormalization whose variance overflows float16 in float32', () => {
      expect(report.keptFp32).toContainEqual({
        tensor: 'batch_norm_0.w_2',
        reason: expect.stringMatching(/^its values reach 97903\d{3}/),
      });
    });
  }
});
