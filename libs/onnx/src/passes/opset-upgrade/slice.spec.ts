import { readIntegers } from '../tensor-values';
import { runModel, seededInput } from '../testing/ort-run';
import { tinyModel } from '../testing/tiny-model';
import { tensorValue } from '../../testing/onnx-test-models';
import { upgradeOpset } from './opset-upgrade';

const INT64_MAX = 2n ** 63n - 1n;

describe('Slice-1 → Slice-13', () => {
  const sut = upgradeOpset;

  it.each([
    ['negative starts and an open end', { starts: [-2n, 1n], ends: [INT64_MAX, -1n], axes: [0n, 1n] }],
    ['axes in reverse order', { starts: [1n, 0n], ends: [4n, 2n], axes: [1n, 0n] }],
    ['no axes: the first len(starts) axes', { starts: [1n, 2n], ends: [3n, 100n] }],
  ])('computes the same in ONNX Runtime (%s)', async (_, attributes) => {
    const original = tinyModel(
      9,
      [{ opType: 'Slice', input: ['x'], output: ['y'], attributes }],
      [tensorValue('x', [4, 5, 3])],
      [tensorValue('y', null)],
    );
    const feeds = { x: seededInput(1, [4, 5, 3]) };

    const upgraded = sut(original, 13);

    expect(await runModel(upgraded, feeds)).toEqual(await runModel(original, feeds));
  });

  it('moves the attributes into int64 initializers, writing the default axes out', () => {
    const original = tinyModel(
      9,
      [{ opType: 'Slice', input: ['x'], output: ['y'], attributes: { starts: [1n, 2n], ends: [3n, 4n] } }],
      [tensorValue('x', [4, 5, 3])],
      [tensorValue('y', null)],
    );

    const { graph } = sut(original, 13);

    const [slice] = graph!.node;
    expect(slice.attribute).toEqual([]);
    const values = slice.input.slice(1).map((name) => {
      const tensor = graph!.initializer.find((initializer) => initializer.name === name);
      return tensor && readIntegers(tensor);
    });
    expect(values).toEqual([[1n, 2n], [3n, 4n], [0n, 1n]]);
  });
});
