import { TensorProto_DataType as DataType } from 'onnx-buf';
import { runModel, seededInput } from '../testing/ort-run';
import { tinyModel } from '../testing/tiny-model';
import { tensorValue } from '../../testing/onnx-test-models';
import { upgradeOpset } from './opset-upgrade';

describe('TopK-1 → TopK-11', () => {
  const sut = upgradeOpset;

  it('returns the same values and indices in ONNX Runtime, k moved to input K', async () => {
    const original = tinyModel(
      9,
      [{ opType: 'TopK', input: ['x'], output: ['values', 'indices'], attributes: { k: 3n, axis: 0n } }],
      [tensorValue('x', [6, 4])],
      [tensorValue('values', null), tensorValue('indices', null, DataType.INT64)],
    );
    const feeds = { x: seededInput(4, [6, 4]) };

    const upgraded = sut(original, 13);

    expect(upgraded.graph!.node[0].input).toEqual(['x', 'values_k']);
    const after = await runModel(upgraded, feeds);
    expect(after).toEqual(await runModel(original, feeds));
    expect(after.values.dims).toEqual([3, 4]);
  });
});
