import { type GraphProto, type ModelProto, type TensorProto, TensorProto_DataType as DataType } from 'onnx-buf';
import { seededFloats } from '../../../testing/seeded-random';
import { floatTensor, graph, ifNode, model, tensorValue } from '../../../testing/onnx-test-models';
import { type TinyNode, tinyModel, toNode } from '../../testing/tiny-model';

// Conv → BatchNormalization models for the foldBatchNorm specs, weights as initializers.

/** Output channels of the tiny Conv. */
const CHANNELS = 4;

/** How the tiny model differs from the plain x → Conv → c → BatchNormalization → y. */
export interface ConvBatchNormShape {
  /** Give the Conv a bias input (the folded Conv always has one). */
  convBias: boolean;
  /** Also read the Conv output `c` with a Relu whose result is the graph output `r`. */
  convOutputReadTwice?: boolean;
  /** Feed the BatchNormalization mean from the graph input `mean` instead of an initializer. */
  meanFromInput?: boolean;
}

/** x[1,3,6,6] → Conv(4, 3×3, pads 1) → c → BatchNormalization(epsilon 1e-3) → y, at opset 13. */
export function convBatchNormModel(shape: ConvBatchNormShape): ModelProto {
  const convInputs = shape.convBias ? ['x', 'w', 'b'] : ['x', 'w'];
  const nodes: TinyNode[] = [
    { opType: 'Conv', input: convInputs, output: ['c'], attributes: { pads: [1n, 1n, 1n, 1n] } },
    {
      opType: 'BatchNormalization',
      input: ['c', 'gamma', 'beta', 'mean', 'var'],
      output: ['y'],
      attributes: { epsilon: 1e-3 },
    },
  ];
  const outputs = [tensorValue('y', [1, CHANNELS, 6, 6])];
  if (shape.convOutputReadTwice) {
    nodes.push({ opType: 'Relu', input: ['c'], output: ['r'] });
    outputs.push(tensorValue('r', [1, CHANNELS, 6, 6]));
  }
  const inputs = [tensorValue('x', [1, 3, 6, 6])];
  if (shape.meanFromInput) inputs.push(tensorValue('mean', [CHANNELS]));
  const initializers = convBatchNormWeights(shape.convBias).filter(
    ({ name }) => !(shape.meanFromInput && name === 'mean'),
  );
  return tinyModel(13, nodes, inputs, outputs, initializers);
}

/** w, b, gamma, beta, mean and var with seeded values far enough from 1 and 0 to matter. */
export function convBatchNormWeights(convBias: boolean, prefix = ''): TensorProto[] {
  const channels = (seed: number, low: number, high: number) => [...seededFloats(seed, CHANNELS, low, high)];
  return [
    floatTensor(`${prefix}w`, [CHANNELS, 3, 3, 3], [...seededFloats(21, CHANNELS * 27, -0.5, 0.5)]),
    ...(convBias ? [floatTensor(`${prefix}b`, [CHANNELS], channels(22, -0.3, 0.3))] : []),
    floatTensor(`${prefix}gamma`, [CHANNELS], channels(23, 0.2, 3)),
    floatTensor(`${prefix}beta`, [CHANNELS], channels(24, -1, 1)),
    floatTensor(`${prefix}mean`, [CHANNELS], channels(25, -0.5, 0.5)),
    floatTensor(`${prefix}var`, [CHANNELS], channels(26, 0.01, 2)),
  ];
}

/**
 * y = If(cond) { Conv → BatchNormalization } else { Conv → Relu } on x[1,3,6,6], each branch with
 * its own initializers (then_w, then_gamma, …; else_w, …), at opset 13.
 */
export function convBatchNormInIfModel(): ModelProto {
  const main = graph({
    node: [ifNode('cond', 'y', ifBranch('then_', 'BatchNormalization'), ifBranch('else_', 'Relu'))],
    input: [tensorValue('x', [1, 3, 6, 6]), tensorValue('cond', [], DataType.BOOL)],
    output: [tensorValue('y', [1, CHANNELS, 6, 6])],
  });
  return model(main);
}

function ifBranch(prefix: string, after: 'BatchNormalization' | 'Relu'): GraphProto {
  const afterInputs = after === 'Relu' ? [] : ['gamma', 'beta', 'mean', 'var'].map((name) => prefix + name);
  return graph({
    name: prefix,
    node: [
      { opType: 'Conv', input: ['x', `${prefix}w`], output: [`${prefix}c`], attributes: { pads: [1n, 1n, 1n, 1n] } },
      { opType: after, input: [`${prefix}c`, ...afterInputs], output: [`${prefix}y`] },
    ].map(toNode),
    output: [tensorValue(`${prefix}y`, [1, CHANNELS, 6, 6])],
    initializer: convBatchNormWeights(false, prefix),
  });
}
