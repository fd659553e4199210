import type { ModelProto, TensorProto } from 'onnx-buf';
import { Tensor } from 'onnxruntime-node';
import { writeModel } from '../../model-io';
import { constantNode, floatTensor, graph, model, tensorValue } from '../../testing/onnx-test-models';
import { readFloat32Values } from '../fp16/float-tensor';
import { runModel } from '../testing/ort-run';
import { toNode } from '../testing/tiny-model';
import { pruneByMagnitude } from './prune-magnitude';
import { InvalidSparsityError } from './prune.errors';

// x[1,1,3,3] → Conv(W, B) → BatchNormalization → Flatten → MatMul(M, a Constant node) → Add(C) → y[1,3]

// Ties at 0.1 (indices 1 and 4): the lower index goes first.
const CONV_WEIGHTS = [0.5, -0.1, 0.3, -0.2, 0.1, -0.4, 0.05, 0.6];
// |M[i]| = (i + 1) / 10: the smallest are the first ones.
const MATMUL_WEIGHTS = Array.from({ length: 24 }, (_, i) => ((i % 2 ? -1 : 1) * (i + 1)) / 10);
// Tiny on purpose: a magnitude pass that looked at them would zero these first.
const SMALL = { bias: [0.001, -0.002], scale: [0.003, 1], bnBias: [0.001, 0.002], mean: [0.001, 0], variance: [1, 0.004] };
const ADDEND = [0.001, 0.002, 0.003];

function convBatchNormMatMulModel(convWeights = CONV_WEIGHTS, matmulWeights = MATMUL_WEIGHTS): ModelProto {
  return model(
    graph({
      node: [
        constantNode('M', floatTensor('', [8, 3], matmulWeights)),
        toNode({ opType: 'Conv', input: ['x', 'W', 'B'], output: ['conv'] }),
        toNode({ opType: 'BatchNormalization', input: ['conv', 'scale', 'bn_bias', 'mean', 'variance'], output: ['bn'] }),
        toNode({ opType: 'Flatten', input: ['bn'], output: ['flat'] }),
        toNode({ opType: 'MatMul', input: ['flat', 'M'], output: ['mm'] }),
        toNode({ opType: 'Add', input: ['mm', 'C'], output: ['y'] }),
      ],
      initializer: [
        floatTensor('W', [2, 1, 2, 2], convWeights),
        floatTensor('B', [2], SMALL.bias),
        floatTensor('scale', [2], SMALL.scale),
        floatTensor('bn_bias', [2], SMALL.bnBias),
        floatTensor('mean', [2], SMALL.mean),
        floatTensor('variance', [2], SMALL.variance),
        floatTensor('C', [3], ADDEND),
      ],
      input: [tensorValue('x', [1, 1, 3, 3])],
      output: [tensorValue('y', [1, 3])],
    }),
  );
}

const initializerValues = (pruned: ModelProto, name: string) => {
  const tensor: TensorProto = pruned.graph!.initializer.find((candidate) => candidate.name === name)!;
  return [...readFloat32Values(tensor)!];
};
const float32 = (values: number[]) => [...Float32Array.from(values)];

describe('pruneByMagnitude', () => {
  const sut = pruneByMagnitude;

  it('zeroes the smallest quarter of each Conv and MatMul weight, lower index first on ties', () => {
    const { model: pruned, report } = sut(convBatchNormMatMulModel(), 0.25);

    expect(initializerValues(pruned, 'W')).toEqual(float32([0.5, 0, 0.3, -0.2, 0.1, -0.4, 0, 0.6]));
    expect(initializerValues(pruned, 'M')).toEqual(float32([0, 0, 0, 0, 0, 0, ...MATMUL_WEIGHTS.slice(6)]));
    expect(report).toEqual({ prunedTensors: 2, zeroedWeights: 8, totalWeights: 32, achievedSparsity: 0.25 });
  });

  it('leaves biases, BatchNorm parameters and other constants as they were', () => {
    const { model: pruned } = sut(convBatchNormMatMulModel(), 0.95);

    expect(['B', 'scale', 'bn_bias', 'mean', 'variance', 'C'].map((name) => initializerValues(pruned, name))).toEqual(
      [SMALL.bias, SMALL.scale, SMALL.bnBias, SMALL.mean, SMALL.variance, ADDEND].map(float32),
    );
  });

  it('computes in ORT exactly what the model with those weights zeroed by hand computes', async () => {
    const x = new Tensor('float32', Float32Array.from({ length: 9 }, (_, i) => i - 4), [1, 1, 3, 3]);
    const handPruned = convBatchNormMatMulModel(
      [0.5, 0, 0.3, -0.2, 0.1, -0.4, 0, 0.6],
      [0, 0, 0, 0, 0, 0, ...MATMUL_WEIGHTS.slice(6)],
    );

    const { model: pruned } = sut(convBatchNormMatMulModel(), 0.25);

    const [expected, actual, unpruned] = await Promise.all(
      [handPruned, pruned, convBatchNormMatMulModel()].map((candidate) => runModel(candidate, { x })),
    );
    expect(actual).toEqual(expected);
    expect(actual.y.data).not.toEqual(unpruned.y.data);
  });

  it('reports pre-existing zeros in the achieved sparsity, and prunes nothing at 0', () => {
    const withZeros = convBatchNormMatMulModel([0, 0, 0, 0, 1, 2, 3, 4]);

    expect(sut(withZeros, 0.25).report.zeroedWeights).toBe(4 + 6);
    expect(sut(withZeros, 0).report).toEqual({
      prunedTensors: 2,
      zeroedWeights: 4,
      totalWeights: 32,
      achievedSparsity: 4 / 32,
    });
  });

  it('leaves a weight alone that another operator reads too', () => {
    const shared = model(
      graph({
        node: [
          toNode({ opType: 'MatMul', input: ['x', 'S'], output: ['mm'] }),
          toNode({ opType: 'Add', input: ['mm', 'S'], output: ['y'] }),
        ],
        initializer: [floatTensor('S', [2, 2], [0.1, 0.2, 0.3, 0.4])],
        input: [tensorValue('x', [2, 2])],
        output: [tensorValue('y', [2, 2])],
      }),
    );

    const { model: pruned, report } = sut(shared, 0.5);

    expect(initializerValues(pruned, 'S')).toEqual(float32([0.1, 0.2, 0.3, 0.4]));
    expect(report.prunedTensors).toBe(0);
  });

  it('leaves the input model untouched', () => {
    const original = convBatchNormMatMulModel();
    const before = writeModel(original);

    sut(original, 0.5);

    expect(writeModel(original)).toEqual(before);
  });

  it.each([-0.1, 0.96, 1, Number.NaN])('refuses sparsity %p', (sparsity) => {
    const attempt = () => sut(convBatchNormMatMulModel(), sparsity);

    expect(attempt).toThrow(InvalidSparsityError);
    expect(attempt).toThrow(expect.objectContaining({ kind: 'invalid', code: 'prune.invalid_sparsity' }));
  });

  it('accepts 0.95, keeping only the largest 5 % of each weight', () => {
    expect(sut(convBatchNormMatMulModel(), 0.95).report.zeroedWeights).toBe(8 + 23);
  });
});
