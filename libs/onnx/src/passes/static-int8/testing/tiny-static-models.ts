import type { ModelProto } from 'onnx-buf';
import { seededFloats } from '../../../testing/seeded-random';
import { floatTensor, tensorValue } from '../../../testing/onnx-test-models';
import type { InputSet } from '../../../verification';
import { tinyModel } from '../../testing/tiny-model';

// Small float32 models and seeded inputs for the static int8 specs.

/**
 * x[1,4,8,8] → Conv(8, 3×3, pads 1, bias) → a → Relu → r → Conv(6, 1×1, bias) → y, at opset 11 so
 * the pass has to raise it to 13. Weights as initializers (liftConstants is covered elsewhere).
 */
export function convReluConvModel(): ModelProto {
  return tinyModel(
    11,
    [
      { opType: 'Conv', input: ['x', 'w1', 'b1'], output: ['a'], attributes: { pads: [1n, 1n, 1n, 1n] } },
      { opType: 'Relu', input: ['a'], output: ['r'] },
      { opType: 'Conv', input: ['r', 'w2', 'b2'], output: ['y'] },
    ],
    [tensorValue('x', [1, 4, 8, 8])],
    [tensorValue('y', [1, 6, 8, 8])],
    [
      floatTensor('w1', [8, 4, 3, 3], [...seededFloats(11, 8 * 4 * 9, -0.5, 0.5)]),
      floatTensor('b1', [8], [...seededFloats(12, 8, -0.2, 0.2)]),
      // Output channels of very different magnitude: per-channel scales should pay off here.
      floatTensor('w2', [6, 8, 1, 1], [...seededFloats(13, 48, -1, 1)].map((v, i) => v * 0.05 ** (i >> 4))),
      floatTensor('b2', [6], [...seededFloats(14, 6, -0.1, 0.1)]),
    ],
  );
}

/** `count` inputs x[1,4,8,8] uniform in [-1, 1), the same for the same seed. */
export function convReluConvInputs(seed: number, count: number): InputSet {
  return Array.from({ length: count }, (_, index) => ({
    feeds: {
      x: { type: 'float32' as const, data: seededFloats(seed * 1000 + index, 256, -1, 1), dims: [1, 4, 8, 8] },
    },
  }));
}
