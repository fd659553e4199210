import type { ModelProto } from 'onnx-buf';
import { floatTensor, tensorValue } from '../../../testing/onnx-test-models';
import { seededFloats } from '../../../testing/seeded-random';
import { tinyModel } from '../../testing/tiny-model';

// A square 1×1 Conv for the splitIdentityBranches specs: a re-parameterised identity branch is a
// large diagonal over small trained weights.

/** Input and output channels of the Conv. */
export const POINTWISE_CHANNELS = 4;

/** A [C, C, 1, 1] weight: seeded noise in [-0.1, 0.1] plus `diagonal` on the diagonal. */
function pointwiseWeight(diagonal: number): number[] {
  const channels = POINTWISE_CHANNELS;
  const values = [...seededFloats(3, channels * channels, -0.1, 0.1)];
  for (let channel = 0; channel < channels; channel += 1) values[channel * channels + channel] += diagonal;
  return values;
}

/** x[1,4,5,5] → Conv(w, b, 1×1 and `attributes`) → y, at opset 13. */
export function pointwiseConvModel(diagonal: number, attributes: Record<string, bigint[]> = {}): ModelProto {
  return tinyModel(
    13,
    [{ opType: 'Conv', input: ['x', 'w', 'b'], output: ['y'], attributes }],
    [tensorValue('x', [1, POINTWISE_CHANNELS, 5, 5])],
    [tensorValue('y', null)],
    [
      floatTensor('w', [POINTWISE_CHANNELS, POINTWISE_CHANNELS, 1, 1], pointwiseWeight(diagonal)),
      floatTensor('b', [POINTWISE_CHANNELS], [0.1, -0.2, 0.3, -0.4]),
    ],
  );
}
