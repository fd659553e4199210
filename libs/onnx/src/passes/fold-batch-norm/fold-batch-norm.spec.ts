import type { ModelProto } from 'onnx-buf';
import { Tensor } from 'onnxruntime-node';
import { writeModel } from '../../model-io';
import { toNode } from '../testing/tiny-model';
import { maxAbsDifference, runModel, seededInput } from '../testing/ort-run';
import { foldBatchNorm } from './fold-batch-norm';
import { convBatchNormInIfModel, convBatchNormModel } from './testing/conv-batch-norm-models';

const feeds = (seed: number) => ({ x: seededInput(seed, [1, 3, 6, 6]) });

/** The largest difference over every output of the two models, on three seeded inputs. */
async function largestDifference(a: ModelProto, b: ModelProto, extraFeeds: Record<string, Tensor> = {}) {
  let largest = 0;
  for (const seed of [1, 2, 3]) {
    const [outputsA, outputsB] = await Promise.all([
      runModel(a, { ...feeds(seed), ...extraFeeds }),
      runModel(b, { ...feeds(seed), ...extraFeeds }),
    ]);
    for (const name of Object.keys(outputsA)) {
      largest = Math.max(largest, maxAbsDifference(outputsA[name], outputsB[name]));
    }
  }
  return largest;
}

const opTypes = (folded: ModelProto) => folded.graph!.node.map(({ opType }) => opType);
const initializerNames = (folded: ModelProto) => folded.graph!.initializer.map(({ name }) => name).sort();

describe('foldBatchNorm', () => {
  const sut = foldBatchNorm;

  it.each([
    ['with a bias', true, ['w', 'b']],
    ['without a bias (one is created)', false, ['w', 'w_folded_bias']],
  ])('folds the BatchNormalization into a Conv %s, and ORT answers the same', async (_, convBias, weights) => {
    const original = convBatchNormModel({ convBias });

    const { model: folded, report } = sut(original);

    expect(report).toEqual({ folded: 1, skipped: [] });
    expect(opTypes(folded)).toEqual(['Conv']);
    expect(folded.graph!.node[0].input).toEqual(['x', ...weights]);
    expect(folded.graph!.node[0].output).toEqual(['y']);
    expect(initializerNames(folded)).toEqual([...weights].sort()); // gamma, beta, mean and var are gone
    expect(await largestDifference(original, folded)).toBeLessThan(1e-5);
  });

  it('does not change the model it is given', () => {
    const original = convBatchNormModel({ convBias: true });
    const before = writeModel(original);

    sut(original);

    expect(writeModel(original)).toEqual(before);
  });

  it('leaves the pair alone when another node also reads the Conv output', async () => {
    const original = convBatchNormModel({ convBias: true, convOutputReadTwice: true });

    const { model: folded, report } = sut(original);

    expect(report.folded).toBe(0);
    const reason = expect.stringMatching(/Conv output is read elsewhere/);
    expect(report.skipped).toEqual([{ node: 'BatchNormalization_y', reason }]);
    expect(opTypes(folded)).toEqual(['Conv', 'BatchNormalization', 'Relu']);
    expect(await largestDifference(original, folded)).toBe(0);
  });

  it('leaves a BatchNormalization whose mean is a graph input (not a constant)', async () => {
    const original = convBatchNormModel({ convBias: false, meanFromInput: true });

    const { model: folded, report } = sut(original);

    const reason = expect.stringMatching(/^its mean is not/);
    expect(report.skipped).toEqual([{ node: 'BatchNormalization_y', reason }]);
    expect(opTypes(folded)).toEqual(['Conv', 'BatchNormalization']);
    const mean = { mean: new Tensor('float32', Float32Array.of(0.1, -0.2, 0.3, 0), [4]) };
    expect(await largestDifference(original, folded, mean)).toBe(0);
  });

  it('leaves a BatchNormalization that follows something other than a Conv', () => {
    const original = convBatchNormModel({ convBias: false });
    original.graph!.node[0] = toNode({ opType: 'Add', input: ['x', 'x'], output: ['c'] });

    const { report } = sut(original);

    const reason = 'its input comes from Add, not a Conv';
    expect(report).toEqual({ folded: 0, skipped: [{ node: 'BatchNormalization_y', reason }] });
  });

  it('folds inside If branches too', async () => {
    const original = convBatchNormInIfModel();

    const { model: folded, report } = sut(original);

    expect(report).toEqual({ folded: 1, skipped: [] });
    const thenBranch = folded.graph!.node[0].attribute.find(({ name }) => name === 'then_branch')!.g!;
    expect(thenBranch.node.map(({ opType }) => opType)).toEqual(['Conv']);
    const cond = { cond: new Tensor('bool', [true], []) };
    expect(await largestDifference(original, folded, cond)).toBeLessThan(1e-5);
  });
});
