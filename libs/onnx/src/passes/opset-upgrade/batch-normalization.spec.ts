import { TensorProto_DataType as DataType } from 'onnx-buf';
import { floatingTensor } from '../tensor-values';
import { runModel, seededInput } from '../testing/ort-run';
import { tinyModel } from '../testing/tiny-model';
import { tensorValue } from '../../testing/onnx-test-models';
import { upgradeOpset } from './opset-upgrade';

const PARAMETERS = [
  floatingTensor('scale', DataType.FLOAT, [1.5, -0.5, 2]),
  floatingTensor('bias', DataType.FLOAT, [0.1, 0.2, -0.3]),
  floatingTensor('mean', DataType.FLOAT, [0.5, -1, 0]),
  floatingTensor('var', DataType.FLOAT, [1, 4, 0.25]),
];

function batchNormModel(attributes: Record<string, bigint | number>) {
  return tinyModel(
    8,
    [
      {
        opType: 'BatchNormalization',
        input: ['x', 'scale', 'bias', 'mean', 'var'],
        output: ['y'],
        attributes,
      },
    ],
    [tensorValue('x', [2, 3, 4, 4])],
    [tensorValue('y', null)],
    PARAMETERS,
  );
}

describe('BatchNormalization-7 → BatchNormalization-9', () => {
  const sut = upgradeOpset;

  it('drops spatial = 1 and computes the same in ONNX Runtime', async () => {
    const original = batchNormModel({ spatial: 1n, epsilon: 1e-3 });
    const feeds = { x: seededInput(11, [2, 3, 4, 4]) };

    const upgraded = sut(original, 13);

    expect(upgraded.graph!.node[0].attribute.map((attribute) => attribute.name)).toEqual(['epsilon']);
    expect(await runModel(upgraded, feeds)).toEqual(await runModel(original, feeds));
  });

  it('refuses spatial = 0, which opset 9 removed', () => {
    expect(() => sut(batchNormModel({ spatial: 0n }), 13)).toThrow(/BatchNormalization .*spatial = 0/);
  });
});
