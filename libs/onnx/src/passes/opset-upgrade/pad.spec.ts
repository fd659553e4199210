import { runModel, seededInput } from '../testing/ort-run';
import { tinyModel } from '../testing/tiny-model';
import { tensorValue } from '../../testing/onnx-test-models';
import { upgradeOpset } from './opset-upgrade';

describe('Pad-2 → Pad-13', () => {
  const sut = upgradeOpset;
  const padModel = (attributes: Record<string, string | number | bigint[]>) =>
    tinyModel(
      9,
      [{ opType: 'Pad', input: ['x'], output: ['y'], attributes }],
      [tensorValue('x', [1, 2, 3, 4])],
      [tensorValue('y', null)],
    );

  it.each([
    ['constant 1.5', { pads: [0n, 0n, 1n, 2n, 0n, 0n, 2n, 1n], value: 1.5 }],
    ['constant, default value 0', { pads: [0n, 1n, 0n, 0n, 0n, 1n, 0n, 3n] }],
    ['reflect', { pads: [0n, 0n, 1n, 2n, 0n, 0n, 1n, 2n], mode: 'reflect' }],
    ['edge', { pads: [0n, 0n, 2n, 0n, 0n, 0n, 0n, 1n], mode: 'edge', value: 9 }],
  ])('computes the same in ONNX Runtime (%s)', async (_, attributes) => {
    const original = padModel(attributes);
    const feeds = { x: seededInput(3, [1, 2, 3, 4]) };

    const upgraded = sut(original, 13);

    expect(await runModel(upgraded, feeds)).toEqual(await runModel(original, feeds));
  });

  it('passes a non-zero value as constant_value and leaves the default 0 out', () => {
    const pads = [0n, 0n, 1n, 1n, 0n, 0n, 1n, 1n];

    const withValue = sut(padModel({ pads, value: 1.5 }), 13).graph!.node[0];
    const withZero = sut(padModel({ pads, value: 0 }), 13).graph!.node[0];

    expect(withValue.input).toEqual(['x', 'y_pads', 'y_value']);
    expect(withZero.input).toEqual(['x', 'y_pads']);
  });
});
