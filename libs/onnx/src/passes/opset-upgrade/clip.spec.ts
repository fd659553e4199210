import { TensorProto_DataType as DataType } from 'onnx-buf';
import { runModel, seededInput } from '../testing/ort-run';
import { tinyModel } from '../testing/tiny-model';
import { tensorValue } from '../../testing/onnx-test-models';
import { upgradeOpset } from './opset-upgrade';
import { OpsetUpgradeUnsupportedError } from './opset-upgrade.errors';

describe('Clip-6 → Clip-13', () => {
  const sut = upgradeOpset;
  const clipModel = (attributes: Record<string, number>, elemType = DataType.FLOAT) =>
    tinyModel(
      9,
      [{ opType: 'Clip', input: ['x'], output: ['y'], attributes }],
      [tensorValue('x', [2, 8], elemType)],
      [tensorValue('y', [2, 8], elemType)],
    );

  it.each([
    ['only max', { max: 0.5 }],
    ['only min', { min: -0.25 }],
    ['both, as ReLU6', { min: 0, max: 6 }],
    ['neither', {}],
  ])('computes the same in ONNX Runtime (%s)', async (_, attributes) => {
    const original = clipModel(attributes);
    const feeds = { x: seededInput(2, [2, 8], -8, 8) };

    const upgraded = sut(original, 13);

    expect(await runModel(upgraded, feeds)).toEqual(await runModel(original, feeds));
  });

  it('passes an absent min as the empty name and adds no initializer for it', () => {
    const { graph } = sut(clipModel({ max: 0.5 }), 13);

    expect(graph!.node[0].input).toEqual(['x', '', 'y_max']);
    expect(graph!.initializer.map((tensor) => [tensor.name, tensor.dataType])).toEqual([
      ['y_max', DataType.FLOAT],
    ]);
  });

  it('writes float16 bounds for float16 data, as Clip-11 requires bounds of the data type', () => {
    const { graph } = sut(clipModel({ min: 0, max: 6 }, DataType.FLOAT16), 13);

    const bounds = graph!.initializer.map((tensor) => [tensor.dataType, tensor.int32Data]);
    expect(bounds).toEqual([
      [DataType.FLOAT16, [0]],
      [DataType.FLOAT16, [0x4600]],
    ]);
  });

  it('refuses when the element type of the data cannot be proven', () => {
    const unknownType = tinyModel(
      9,
      [
        { opType: 'Custom', input: ['x'], output: ['t'] },
        { opType: 'Clip', input: ['t'], output: ['y'], attributes: { max: 1 } },
      ],
      [tensorValue('x', [2])],
      [tensorValue('y', null)],
    );
    unknownType.graph!.node[0].domain = 'com.example';

    expect(() => sut(unknownType, 13)).toThrow(OpsetUpgradeUnsupportedError);
    expect(() => sut(unknownType, 13)).toThrow(/Clip .*element type, which is unknown/);
  });
});
