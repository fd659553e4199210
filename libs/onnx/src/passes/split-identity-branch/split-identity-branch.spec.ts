import type { ModelProto } from 'onnx-buf';
import { writeModel } from '../../model-io';
import { maxAbsDifference, runModel, seededInput } from '../testing/ort-run';
import { splitIdentityBranches } from './split-identity-branch';
import { POINTWISE_CHANNELS as CHANNELS, pointwiseConvModel } from './testing/pointwise-conv-model';

const opTypes = (model: ModelProto) => model.graph!.node.map(({ opType }) => opType);

describe('splitIdentityBranches', () => {
  const sut = splitIdentityBranches;

  it('splits a dominant diagonal into a float Mul beside the Conv, and ORT answers the same', async () => {
    const original = pointwiseConvModel(5);

    const { model, report } = sut(original);

    expect(report.split).toEqual(['Conv_y']);
    expect(opTypes(model)).toEqual(['Conv', 'Mul', 'Add']);
    expect(model.graph!.initializer.map(({ name }) => name).sort()).toEqual(['b', 'w_diagonal', 'w_off_diagonal']);
    const feeds = { x: seededInput(1, [1, CHANNELS, 5, 5]) };
    const [before, after] = await Promise.all([runModel(original, feeds), runModel(model, feeds)]);
    expect(maxAbsDifference(before.y, after.y)).toBeLessThan(1e-5);
  });

  it('leaves a Conv whose diagonal is no larger than its other weights alone', () => {
    const original = pointwiseConvModel(0.1);

    const { model, report } = sut(original);

    expect(report.split).toEqual([]);
    expect(writeModel(model)).toEqual(writeModel(original));
  });

  it.each([
    ['strides 2', { strides: [2n, 2n] }],
    ['padding', { pads: [1n, 1n, 1n, 1n] }],
  ])('leaves a Conv with %s alone: x · d would not have its output shape', (_, attributes) => {
    const { report } = sut(pointwiseConvModel(5, attributes));

    expect(report.split).toEqual([]);
  });

  it('does not change the model it is given', () => {
    const original = pointwiseConvModel(5);
    const before = writeModel(original);

    sut(original);

    expect(writeModel(original)).toEqual(before);
  });
});
