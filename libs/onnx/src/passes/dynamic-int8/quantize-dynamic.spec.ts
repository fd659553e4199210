import { TensorProto_DataType as DataType, type ModelProto, type TensorProto } from 'onnx-buf';
import { inspectModel } from '../../inspect-model';
import { writeModel } from '../../model-io';
import { syntheticInputs, verifyVariant } from '../../verification';
import { findAttribute } from '../node-attributes';
import { quantizeDynamicInt8 } from './quantize-dynamic';
import {
  activationMatMulModel,
  addBatchNormModel,
  convModel,
  gemmModel,
  matMulModel,
} from './testing/dynamic-int8-models';

const SYNTHETIC = { inputSource: 'synthetic', accuracyFrom: 'host-kernels', latencyRuns: 1 } as const;
// 7-bit weights, so that the cosines measure the rewrite and not the host: on uniform noise the
// 8-bit MatMul measures 0.988 on an AVX2 host without VNNI, whose u8 × s8 kernels saturate 16-bit
// sums (0.9999 with VNNI); 7-bit measures 0.9999 on both.
const SEVEN_BIT = { weightBits: 7 } as const;

/** Runs original and quantized model in ORT on seeded inputs. */
async function verify(original: ModelProto, quantized: ModelProto) {
  const bytes = writeModel(original);
  const inputs = syntheticInputs(inspectModel(original), { count: 4, seed: 1 });
  return verifyVariant(bytes, writeModel(quantized), inputs, SYNTHETIC);
}

const initializer = (model: ModelProto, name: string): TensorProto | undefined =>
  model.graph!.initializer.find((tensor) => tensor.name === name);
const opTypes = (model: ModelProto) => model.graph!.node.map((node) => node.opType);
const NOTHING_FOLDED = { folded: 0, skipped: [] };
const NOTHING_SPLIT = { split: [], floatNodes: [] };

describe('quantizeDynamicInt8', () => {
  const sut = quantizeDynamicInt8;

  describe('on a MatMul with a constant weight', () => {
    const original = matMulModel();
    const originalBytes = writeModel(original);
    const { model, report } = sut(original, SEVEN_BIT);

    it('computes it as DynamicQuantizeLinear → MatMulInteger → Cast → Mul, which ORT fuses', async () => {
      const figures = await verify(original, model);

      expect(opTypes(model)).toEqual(['DynamicQuantizeLinear', 'MatMulInteger', 'Cast', 'Mul', 'Mul']);
      expect(figures.integerKernels).toEqual({ DynamicQuantizeMatMul: 1 });
      expect(figures.cosine).toBeGreaterThanOrEqual(0.999);
      expect(figures.maxAbsError).toBeGreaterThan(0); // the activations really were quantized
      expect(report).toEqual({
        matmulsQuantized: 1,
        weightsQuantized: 1,
        skipped: [],
        batchNormFolding: NOTHING_FOLDED,
        identityBranches: NOTHING_SPLIT,
      });
    });

    it('stores the weight int8 per column with zero points 0, and no float32 copy', () => {
      expect(initializer(model, 'w_quantized')).toMatchObject({ dataType: DataType.INT8, dims: [32n, 16n] });
      expect(initializer(model, 'w_scale')).toMatchObject({ dataType: DataType.FLOAT, dims: [16n] });
      expect(initializer(model, 'w_zero_point')?.rawData).toEqual(new Uint8Array(16));
      expect(initializer(model, 'w')).toBeUndefined();
    });

    it('with weightBits 7 keeps MatMul weights within ±63, with 8 uses ±127; Conv weights keep 8 bits', () => {
      const largestMagnitude = (quantized: ModelProto, name: string) =>
        Math.max(...new Int8Array(initializer(quantized, name)!.rawData.slice().buffer).map(Math.abs));
      const eightBit = sut(original, { weightBits: 8 }).model;
      const convWeights = sut(convModel(), SEVEN_BIT).model;

      expect([largestMagnitude(model, 'w_quantized'), largestMagnitude(eightBit, 'w_quantized')]).toEqual([63, 127]);
      // Asymmetric over [min, max]: one end of each channel lands on -128 or 127.
      expect(largestMagnitude(convWeights, 'w_quantized')).toBeGreaterThanOrEqual(127);
    });

    it('keeps the interface, raises the opset to 13 and leaves the input model alone', () => {
      expect(model.graph!.input).toEqual(original.graph!.input);
      expect(model.graph!.output).toEqual(original.graph!.output);
      expect(model.opsetImport).toEqual([expect.objectContaining({ domain: '', version: 13n })]);
      expect(writeModel(original)).toEqual(originalBytes);
    });
  });

  it('folds Gemm alpha, transB and beta · C into MatMulInteger plus a bias Add', async () => {
    const original = gemmModel();

    const { model, report } = sut(original, SEVEN_BIT);
    const figures = await verify(original, model);

    expect(opTypes(model)).toEqual(['DynamicQuantizeLinear', 'MatMulInteger', 'Cast', 'Mul', 'Mul', 'Add']);
    expect(initializer(model, 'w_quantized')?.dims).toEqual([32n, 16n]); // transposed to [K, N]
    expect(figures.integerKernels).toEqual({ DynamicQuantizeMatMul: 1 });
    expect(figures.cosine).toBeGreaterThanOrEqual(0.999);
    expect(report).toMatchObject({ matmulsQuantized: 1, weightsQuantized: 1 });
  });

  it('folds the BatchNormalization into the Conv before it, then stores the large Conv weight int8', async () => {
    const original = convModel();

    const { model, report } = sut(original, SEVEN_BIT);
    const figures = await verify(original, model);

    expect(opTypes(model)).toEqual(['DequantizeLinear', 'Conv', 'Conv']);
    const [dequantize, , depthwise] = model.graph!.node;
    expect(dequantize).toMatchObject({
      opType: 'DequantizeLinear',
      input: ['w_quantized', 'w_scale', 'w_zero_point'],
      output: ['w'],
    });
    expect(findAttribute(dequantize, 'axis')?.i).toBe(0n);
    expect(initializer(model, 'w_quantized')).toMatchObject({ dataType: DataType.INT8, dims: [16n, 8n, 3n, 3n] });
    expect(initializer(model, 'w_scale')?.dims).toEqual([16n]);
    expect(initializer(model, 'w')).toBeUndefined();
    // The depthwise Conv now computes the BatchNormalization's output, with a bias it did not have.
    expect(depthwise).toMatchObject({ input: ['c1', 'dw', 'dw_folded_bias'], output: ['y'] });
    expect(initializer(model, 'dw')).toMatchObject({ dataType: DataType.FLOAT, dims: [16n, 1n, 3n, 3n] });
    expect(initializer(model, 'dw')?.rawData).not.toEqual(initializer(original, 'dw')?.rawData);
    expect(initializer(model, 'dw_folded_bias')).toMatchObject({ dataType: DataType.FLOAT, dims: [16n] });
    for (const gone of ['gamma', 'beta', 'mean', 'var']) expect(initializer(model, gone)).toBeUndefined();
    expect(report).toEqual({
      matmulsQuantized: 0,
      weightsQuantized: 1,
      skipped: [],
      batchNormFolding: { folded: 1, skipped: [] },
      identityBranches: NOTHING_SPLIT,
    });
    expect(figures.cosine).toBeGreaterThanOrEqual(0.999);
    expect(figures.maxAbsError).toBeGreaterThan(0);
    expect(figures.integerKernels).toEqual({}); // weight-only: ORT folds it back to a float Conv
  });

  it('keeps a BatchNormalization it cannot fold in float32 and says why', async () => {
    const original = addBatchNormModel();

    const { model, report } = sut(original, SEVEN_BIT);
    const figures = await verify(original, model);

    expect(opTypes(model)).toEqual(['Add', 'BatchNormalization']);
    for (const kept of ['gamma', 'beta', 'mean', 'var']) {
      expect(initializer(model, kept)?.dataType).toBe(DataType.FLOAT);
    }
    expect(report.batchNormFolding).toEqual({
      folded: 0,
      skipped: [{ node: 'BatchNormalization_y', reason: 'its input comes from Add, not a Conv' }],
    });
    expect(figures.maxAbsError).toBeLessThan(1e-5);
  });

  it('leaves a MatMul of two activations in float32 and says why', () => {
    const original = activationMatMulModel();

    const { model, report } = sut(original, SEVEN_BIT);

    expect(opTypes(model)).toEqual(['MatMul']);
    expect(report.matmulsQuantized).toBe(0);
    expect(report.skipped).toEqual([
      { node: 'MatMul_y', reason: expect.stringContaining('not a float32 initializer') },
    ]);
  });
});
