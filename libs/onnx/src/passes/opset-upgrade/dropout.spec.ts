import { TensorProto_DataType as DataType } from 'onnx-buf';
import { readFloats } from '../tensor-values';
import { runModel, seededInput } from '../testing/ort-run';
import { tinyModel } from '../testing/tiny-model';
import { tensorValue } from '../../testing/onnx-test-models';
import { upgradeOpset } from './opset-upgrade';

describe('Dropout → Dropout-13', () => {
  const sut = upgradeOpset;
  const dropoutModel = (opset: number, output: string[], graphOutputs: string[]) =>
    tinyModel(
      opset,
      [{ opType: 'Dropout', input: ['x'], output, attributes: { ratio: 0.25 } }],
      [tensorValue('x', [3, 4])],
      graphOutputs.map((name) => tensorValue(name, null)),
    );

  it('moves ratio into a float input and still passes the data through in ONNX Runtime', async () => {
    const original = dropoutModel(9, ['y'], ['y']);
    const feeds = { x: seededInput(10, [3, 4]) };

    const upgraded = sut(original, 13);

    const { node, initializer } = upgraded.graph!;
    expect(node[0].input).toEqual(['x', 'y_ratio']);
    const ratios = initializer.map((tensor) => [tensor.dataType, readFloats(tensor)]);
    expect(ratios).toEqual([[DataType.FLOAT, [0.25]]]);
    expect(await runModel(upgraded, feeds)).toEqual(await runModel(original, feeds));
  });

  it('accepts an unread mask output', () => {
    const upgraded = sut(dropoutModel(9, ['y', 'mask'], ['y']), 13);

    expect(upgraded.graph!.node[0].output).toEqual(['y', 'mask']);
  });

  it('refuses a mask the model reads, because Dropout-10 changed its type to bool', () => {
    const readsMask = dropoutModel(9, ['y', 'mask'], ['y', 'mask']);

    expect(() => sut(readsMask, 13)).toThrow(/Dropout .*mask output is read/);
  });

  it('accepts a read mask from Dropout-10, which is bool already', () => {
    expect(() => sut(dropoutModel(10, ['y', 'mask'], ['y', 'mask']), 13)).not.toThrow();
  });
});
