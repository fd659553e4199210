import { InferenceSession, Tensor } from 'onnxruntime-node';
import { inspectModel } from '../../inspect-model';
import { readModel, writeModel } from '../../model-io';
import { model, realModelBytes } from '../../testing/onnx-test-models';
import { fixInputShapes, InputShapeError } from './fix-input-shapes';

describe('fixInputShapes', () => {
  it('fixes the symbolic dims of the classifier and ORT runs it at that shape', async () => {
    const original = readModel(realModelBytes('cls'));

    const sut = fixInputShapes(original, { x: [1, 3, 48, 192] });

    expect(inspectModel(sut).inputs[0].shape).toEqual([1, 3, 48, 192]);
    expect(inspectModel(original).inputs[0].shape).toEqual(['p2o.DynamicDimension.0', 3, 'p2o.DynamicDimension.1', 'p2o.DynamicDimension.2']);
    const session = await InferenceSession.create(writeModel(sut));
    try {
      const output = await session.run({ x: new Tensor('float32', new Float32Array(3 * 48 * 192).fill(0.1), [1, 3, 48, 192]) });
      expect(output[session.outputNames[0]].dims).toEqual([1, 2]);
      await expect(
        session.run({ x: new Tensor('float32', new Float32Array(3 * 48 * 96), [1, 3, 48, 96]) }),
      ).rejects.toThrow(/dimension|Got invalid dimensions/i);
    } finally {
      await session.release();
    }
  });

  it('refuses samples that contradict a fixed dim or the rank', () => {
    const tiny = model(); // x is declared [2, 3]

    expect(() => fixInputShapes(tiny, { x: [2, 4] })).toThrow(new InputShapeError('input x fixes dim 1 at 3, the samples have 4'));
    expect(() => fixInputShapes(tiny, { x: [2, 3, 1] })).toThrow(/rank 2, the samples have rank 3/);
    expect(inspectModel(fixInputShapes(tiny, { x: [2, 3] })).inputs[0].shape).toEqual([2, 3]);
  });
});
