import { intAttribute } from '../node-attributes';
import { runModel, seededInput } from '../testing/ort-run';
import { tinyModel } from '../testing/tiny-model';
import { tensorValue } from '../../testing/onnx-test-models';
import { upgradeOpset } from './opset-upgrade';

function softmaxModel(opType: string, xShape: number[] | null, axis?: bigint) {
  const attributes: Record<string, bigint> = axis === undefined ? {} : { axis };
  return tinyModel(
    11,
    [{ opType, input: ['x'], output: ['y'], attributes }],
    [tensorValue('x', xShape)],
    [tensorValue('y', null)],
  );
}

describe('Softmax, LogSoftmax, Hardmax → version 13', () => {
  const sut = upgradeOpset;

  it.each([
    ['Softmax axis=1 on a 3-D input', 'Softmax', [2, 3, 4], 1n],
    ['Softmax axis=0', 'Softmax', [2, 3, 4], 0n],
    ['Softmax axis=-2', 'Softmax', [2, 3, 4], -2n],
    ['LogSoftmax without axis (1) on a 4-D input', 'LogSoftmax', [2, 3, 2, 2], undefined],
    ['Hardmax axis=1 on a 3-D input', 'Hardmax', [2, 3, 4], 1n],
  ])('keeps the coerced-to-2-D meaning in ONNX Runtime (%s)', async (_, opType, dims, axis) => {
    const original = softmaxModel(opType, dims, axis);
    const feeds = { x: seededInput(6, dims) };

    const upgraded = sut(original, 13);

    expect(upgraded.graph!.node.map((node) => node.opType)).toEqual(['Shape', 'Flatten', opType, 'Reshape']);
    expect(await runModel(upgraded, feeds)).toEqual(await runModel(original, feeds));
  });

  it.each([
    ['axis is the last of a declared 3-D input', [2, 3, 4], 2n],
    ['axis is -1', null, -1n],
    ['no axis (1) on a declared 2-D input', [5, 7], undefined],
  ])('keeps a single node when the two meanings agree (%s)', async (_, dims, axis) => {
    const original = softmaxModel('Softmax', dims, axis);
    const feeds = { x: seededInput(7, dims ?? [3, 4]) };

    const upgraded = sut(original, 13);

    const [softmax, ...others] = upgraded.graph!.node;
    expect(others).toEqual([]);
    expect(intAttribute(softmax, 'axis')).toBe(axis ?? 1n);
    expect(await runModel(upgraded, feeds)).toEqual(await runModel(original, feeds));
  });

  it('rebuilds the old meaning when the rank is unknown, whatever rank arrives', async () => {
    const original = softmaxModel('Softmax', null, 1n);
    const feeds = { x: seededInput(8, [2, 3, 5]) };

    const upgraded = sut(original, 13);

    expect(upgraded.graph!.node).toHaveLength(4);
    expect(await runModel(upgraded, feeds)).toEqual(await runModel(original, feeds));
  });
});
