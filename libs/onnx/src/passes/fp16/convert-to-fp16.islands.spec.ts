import type { ModelProto } from 'onnx-buf';
import { TensorProto_DataType as DataType } from 'onnx-buf';
import { float16Bits, float16Value } from '../../float16/float16';
import { encodeFloat16 } from '../../float16/float16-arrays';
import { convertToFp16 } from './convert-to-fp16';
import { runOrt } from './testing/ort-session';
import { BATCH_NORM, batchNormModel, computedScalesResizeModel, resizeModel } from './testing/tiny-models';

// The fp32 islands, each shown to matter: without it the float16 model computes a wrong result.

const constantValue = (model: ModelProto, name: string) =>
  model.graph!.node.find((node) => node.output[0] === name && node.opType === 'Constant')!.attribute[0].t!;
const node = (model: ModelProto, output: string) => model.graph!.node.find((n) => n.output.includes(output))!;

describe('convertToFp16 fp32 islands', () => {
  const sut = convertToFp16;

  it('keeps a BatchNormalization with a 1e8 variance in float32, where naive float16 breaks it', async () => {
    const x = Float32Array.of(0.1, -0.2, 0.3, 0.4, 1, 2, 3, 4);
    const expected = Array.from(x, (value, index) => {
      const c = Math.floor(index / 4);
      const { scale, bias, mean, variance, epsilon } = BATCH_NORM;
      return (scale[c] * (2 * value - mean[c])) / Math.sqrt(variance[c] + epsilon) + bias[c] + 1;
    });

    const { model: converted, report } = sut(batchNormModel('float32'));

    const ours = (await runOrt(converted, { x: { data: x, dims: [1, 2, 2, 2] } })).y.data;
    const naiveInput = new Uint16Array(encodeFloat16(x).buffer);
    const naiveRun = await runOrt(batchNormModel('float16'), { x: { data: naiveInput, dims: [1, 2, 2, 2] } });
    const naive = naiveRun.y.data;
    // Naive: the variance becomes infinity, so channel 0 loses x entirely and outputs bias + 1.
    expect([...naive.slice(0, 4)]).toEqual([1.5, 1.5, 1.5, 1.5]);
    [...ours].forEach((value, index) => expect(value).toBeCloseTo(expected[index], 2));
    expect(report.keptFp32).toEqual([
      { tensor: 'scale', reason: expect.stringContaining("feeds BatchNormalization 'normalized'") },
      { tensor: 'bias', reason: expect.stringContaining("feeds BatchNormalization 'normalized'") },
      { tensor: 'mean', reason: expect.stringContaining("feeds BatchNormalization 'normalized'") },
      { tensor: 'variance', reason: expect.stringContaining('100000000') },
      { tensor: 'normalized', reason: expect.stringContaining("it reads 'variance'") },
    ]);
    expect(report.convertedTensors).toBe(2); // the Mul and Add constants around it
    expect(report.castsInserted).toBe(4);
  });

  it('keeps Resize scales and roi in float32 and resizes as the float32 model does', async () => {
    const original = resizeModel();
    // Values float16 holds exactly, so the two models must agree bit for bit.
    const x = { data: Float32Array.of(1, 2, 3, 4), dims: [1, 1, 2, 2] };

    const { model: converted, report } = sut(original);

    expect(['roi', 'scales'].map((name) => constantValue(converted, name).dataType)).toEqual([
      DataType.FLOAT, DataType.FLOAT,
    ]);
    expect(report.keptFp32.map(({ tensor }) => tensor)).toEqual(['roi', 'scales']);
    expect(report.keptFp32[1].reason).toContain("input 2 of Resize 'y'");
    const [expected, actual] = await Promise.all([runOrt(original, { x }), runOrt(converted, { x })]);
    expect(actual.y).toEqual(expected.y);
  });

  it('computes Resize scales derived from shapes in float32, where float16 would lose a row', async () => {
    const original = computedScalesResizeModel();
    const x = { data: Float32Array.from({ length: 9 }, (_, i) => i), dims: [1, 1, 3, 3] };
    // The stakes: with the scale rounded to float16, 3 rows × scale gives 3 rows, not 4. ORT's CPU
    // provider cannot show it (it has no float16 Div, computes it in float32 and drops the Cast
    // pair around it), so the node types are what this test checks; a GPU would lose the row.
    expect(Math.floor(3 * float16Value(float16Bits(4 / 3)))).toBe(3);

    const { model: converted, report } = sut(original);

    expect(Number(node(converted, 'target_float').attribute[0].i)).toBe(DataType.FLOAT);
    expect(report.keptFp32.map(({ tensor }) => tensor)).toEqual(['roi', 'source', 'target_float', 'scales']);
    const [expected, actual] = await Promise.all([runOrt(original, { x }), runOrt(converted, { x })]);
    expect(actual.y.dims).toEqual([1, 1, 4, 4]);
    expect(actual.y).toEqual(expected.y);
  });
});
