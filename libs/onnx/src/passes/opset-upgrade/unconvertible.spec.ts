import { TensorProto_DataType as DataType } from 'onnx-buf';
import { floatingTensor, int64Tensor } from '../tensor-values';
import { runModel, seededInput } from '../testing/ort-run';
import { tinyModel } from '../testing/tiny-model';
import { tensorValue } from '../../testing/onnx-test-models';
import { upgradeOpset } from './opset-upgrade';

describe('steps that are checked or refused', () => {
  const sut = upgradeOpset;

  it('replaces the deprecated Scatter with ScatterElements, same result in ONNX Runtime', async () => {
    const original = tinyModel(
      9,
      [{ opType: 'Scatter', input: ['x', 'indices', 'updates'], output: ['y'], attributes: { axis: 1n } }],
      [tensorValue('x', [2, 3])],
      [tensorValue('y', null)],
      [
        int64Tensor('indices', [2, 0, 1, 1], [2, 2]),
        floatingTensor('updates', DataType.FLOAT, [10, 20, 30, 40], [2, 2]),
      ],
    );
    const feeds = { x: seededInput(12, [2, 3]) };

    const upgraded = sut(original, 13);

    expect(upgraded.graph!.node[0].opType).toBe('ScatterElements');
    expect(await runModel(upgraded, feeds)).toEqual(await runModel(original, feeds));
  });

  it.each([
    ['ConvTranspose with auto_pad SAME_UPPER', 'ConvTranspose', { auto_pad: 'SAME_UPPER' }, /odd padding/],
    ['OneHot', 'OneHot', {}, /negative indices/],
  ])('refuses %s from opset 9', (_, opType, attributes, reason) => {
    const original = tinyModel(9, [{ opType, input: ['x', 'w'], output: ['y'], attributes }], [], []);

    expect(() => sut(original, 13)).toThrow(reason);
  });

  it('accepts ConvTranspose with explicit pads and computes the same in ONNX Runtime', async () => {
    const original = tinyModel(
      9,
      [{ opType: 'ConvTranspose', input: ['x', 'w'], output: ['y'], attributes: { strides: [2n, 2n] } }],
      [tensorValue('x', [1, 2, 3, 3])],
      [tensorValue('y', null)],
      [floatingTensor('w', DataType.FLOAT, [0.5, -1, 2, 0.25, 1, 1, -0.5, 3], [2, 1, 2, 2])],
    );
    const feeds = { x: seededInput(13, [1, 2, 3, 3]) };

    expect(await runModel(sut(original, 13), feeds)).toEqual(await runModel(original, feeds));
  });
});
