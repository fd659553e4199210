import { TensorProto_DataType as DataType } from 'onnx-buf';
import { runModel, seededInput } from '../testing/ort-run';
import { type TinyNode, tinyModel } from '../testing/tiny-model';
import { tensorValue } from '../../testing/onnx-test-models';
import { upgradeOpset } from './opset-upgrade';

const node = (opType: string, attributes: TinyNode['attributes'] = {}, output = ['y']): TinyNode => ({
  opType,
  input: ['x'],
  output,
  attributes,
});

const cases: [string, TinyNode, number[]][] = [
  ['Squeeze with axes', node('Squeeze', { axes: [0n, -1n] }), [1, 3, 1]],
  ['Squeeze without axes', node('Squeeze'), [1, 3, 1, 2]],
  ['Unsqueeze', node('Unsqueeze', { axes: [0n, 3n] }), [2, 3]],
  ['ReduceSum with axes, keepdims=0', node('ReduceSum', { axes: [1n], keepdims: 0n }), [2, 3, 4]],
  ['ReduceSum without axes', node('ReduceSum'), [2, 3, 4]],
  ['Split without split', node('Split', { axis: 1n }, ['y', 'z']), [2, 4]],
  ['Split with split', node('Split', { axis: 1n, split: [1n, 3n] }, ['y', 'z']), [2, 4]],
];

describe('axes and split attributes → inputs at opset 13', () => {
  const sut = upgradeOpset;

  it.each(cases)('computes the same in ONNX Runtime (%s)', async (_, tiny, dims) => {
    const outputs = tiny.output.map((name) => tensorValue(name, null));
    const original = tinyModel(11, [tiny], [tensorValue('x', dims)], outputs);
    const feeds = { x: seededInput(9, dims) };

    const upgraded = sut(original, 13);

    expect(await runModel(upgraded, feeds)).toEqual(await runModel(original, feeds));
  });

  it('moves the list into an int64 initializer at input 1, and adds none when it was absent', () => {
    const squeeze = (attributes = {}) =>
      tinyModel(11, [node('Squeeze', attributes)], [tensorValue('x', [1, 2])], [tensorValue('y', null)]);

    const withAxes = sut(squeeze({ axes: [0n] }), 13).graph!;
    const withoutAxes = sut(squeeze(), 13).graph!;

    expect(withAxes.node[0].input).toEqual(['x', 'y_axes']);
    expect(withAxes.initializer[0]).toMatchObject({ dataType: DataType.INT64, int64Data: [0n] });
    expect(withoutAxes.node[0].input).toEqual(['x']);
    expect(withoutAxes.initializer).toEqual([]);
  });
});
