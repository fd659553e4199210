import type { ModelProto } from 'onnx-buf';
import { constantNode, floatTensor, tensorValue } from '../../../testing/onnx-test-models';
import { seededInput } from '../../testing/ort-run';
import { tinyModel } from '../../testing/tiny-model';

// Small graphs in the shapes the real models have, with weights stored as exporters of opset 9
// wrote them (Constant nodes), so each spec also goes through lifting and the opset upgrade.

/** Seeded weights whose magnitude changes along `axis`, so per-channel scales really differ. */
export function unevenWeights(seed: number, dims: number[], axis: number): number[] {
  const values = Array.from(seededInput(seed, dims, -1, 1).data as Float32Array);
  const inner = dims.slice(axis + 1).reduce((product, dim) => product * dim, 1);
  return values.map((value, index) => value * (1 + (Math.floor(index / inner) % dims[axis])));
}

/**
 * y[2, 5, 16] = x[2, 5, 32] · w[32, 16]: a 3-D activation as in rec's attention blocks, the weight
 * a Constant node with column-uneven values.
 */
export function matMulModel(): ModelProto {
  const model = tinyModel(
    9,
    [{ opType: 'MatMul', input: ['x', 'w'], output: ['y'] }],
    [tensorValue('x', [2, 5, 32])],
    [tensorValue('y', [2, 5, 16])],
  );
  model.graph!.node.unshift(constantNode('w', floatTensor('', [32, 16], unevenWeights(3, [32, 16], 1))));
  return model;
}

/** y[4, 16] = 0.5 · x[4, 32] · wᵀ + 2 · c, w [16, 32] (transB), c [16]: a fully connected layer. */
export function gemmModel(): ModelProto {
  return tinyModel(
    9,
    [
      {
        opType: 'Gemm',
        input: ['x', 'w', 'c'],
        output: ['y'],
        attributes: { transB: 1n, alpha: 0.5, beta: 2 },
      },
    ],
    [tensorValue('x', [4, 32])],
    [tensorValue('y', [4, 16])],
    [floatTensor('w', [16, 32], unevenWeights(5, [16, 32], 0)), floatTensor('c', [16], unevenWeights(6, [16], 0))],
  );
}

/**
 * A big Conv (w [16, 8, 3, 3] = 1152 elements), a depthwise Conv whose weight (16 · 9 = 144) is
 * too small to quantize, and a BatchNormalization after it that folds into that Conv (which has
 * no bias, so folding must add one).
 */
export function convModel(): ModelProto {
  const channels = [16];
  return tinyModel(
    9,
    [
      { opType: 'Conv', input: ['x', 'w', 'b'], output: ['c1'], attributes: { pads: [1n, 1n, 1n, 1n] } },
      { opType: 'Conv', input: ['c1', 'dw'], output: ['c2'], attributes: { group: 16n, pads: [1n, 1n, 1n, 1n] } },
      { opType: 'BatchNormalization', input: ['c2', 'gamma', 'beta', 'mean', 'var'], output: ['y'] },
    ],
    [tensorValue('x', [1, 8, 12, 12])],
    [tensorValue('y', [1, 16, 12, 12])],
    [
      floatTensor('w', [16, 8, 3, 3], unevenWeights(7, [16, 8, 3, 3], 0)),
      floatTensor('b', channels, unevenWeights(8, channels, 0)),
      floatTensor('dw', [16, 1, 3, 3], unevenWeights(9, [16, 1, 3, 3], 0)),
      floatTensor('gamma', channels, unevenWeights(10, channels, 0)),
      floatTensor('beta', channels, unevenWeights(11, channels, 0)),
      floatTensor('mean', channels, unevenWeights(12, channels, 0)),
      floatTensor('var', channels, unevenWeights(13, channels, 0).map((value) => 1 + Math.abs(value))),
    ],
  );
}

/** y = BatchNormalization(x + x): the BatchNormalization follows an Add, so it cannot be folded. */
export function addBatchNormModel(): ModelProto {
  const channels = [4];
  return tinyModel(
    9,
    [
      { opType: 'Add', input: ['x', 'x'], output: ['s'] },
      { opType: 'BatchNormalization', input: ['s', 'gamma', 'beta', 'mean', 'var'], output: ['y'] },
    ],
    [tensorValue('x', [1, 4, 6, 6])],
    [tensorValue('y', [1, 4, 6, 6])],
    [
      floatTensor('gamma', channels, unevenWeights(14, channels, 0)),
      floatTensor('beta', channels, unevenWeights(15, channels, 0)),
      floatTensor('mean', channels, unevenWeights(16, channels, 0)),
      floatTensor('var', channels, unevenWeights(17, channels, 0).map((value) => 1 + Math.abs(value))),
    ],
  );
}

/** y = a · b with both operands activations (attention scores): nothing to quantize offline. */
export function activationMatMulModel(): ModelProto {
  return tinyModel(
    13,
    [{ opType: 'MatMul', input: ['a', 'b'], output: ['y'] }],
    [tensorValue('a', [2, 8]), tensorValue('b', [8, 3])],
    [tensorValue('y', [2, 3])],
  );
}
