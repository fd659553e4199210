import { TensorProto_DataType as DataType } from 'onnx-buf';
import { Tensor } from 'onnxruntime-node';
import { floatingTensor } from '../tensor-values';
import { runModel, seededInput } from '../testing/ort-run';
import { type TinyNode, tinyModel } from '../testing/tiny-model';
import { tensorValue } from '../../testing/onnx-test-models';
import { upgradeOpset } from './opset-upgrade';

const X_DIMS = [1, 2, 5, 7];
const feeds = { x: seededInput(5, X_DIMS) };
const scalesTensor = (scales: number[]) => floatingTensor('scales', DataType.FLOAT, scales);

function resizeModel(opset: number, node: TinyNode, scales?: number[]) {
  return tinyModel(
    opset,
    [node],
    [tensorValue('x', X_DIMS)],
    [tensorValue('y', null)],
    scales ? [scalesTensor(scales)] : [],
  );
}

describe('Upsample and Resize-10 → Resize-13', () => {
  const sut = upgradeOpset;

  it.each([
    ['Upsample-9 nearest 2x', 9, 'Upsample', 'nearest', [1, 1, 2, 2]],
    ['Upsample-9 nearest, fractional scales', 9, 'Upsample', 'nearest', [1, 1, 1.5, 2.25]],
    ['Upsample-9 linear', 9, 'Upsample', 'linear', [1, 1, 2, 3]],
    ['Resize-10 nearest downsampling (rounds up)', 10, 'Resize', 'nearest', [1, 1, 0.6, 0.45]],
    ['Resize-10 nearest upsampling (rounds down)', 10, 'Resize', 'nearest', [1, 1, 2.5, 1.75]],
    ['Resize-10 nearest, one axis down, one up', 10, 'Resize', 'nearest', [1, 1, 0.6, 2.5]],
    ['Resize-10 linear downsampling', 10, 'Resize', 'linear', [1, 1, 0.5, 0.75]],
  ])('computes the same in ONNX Runtime (%s)', async (_, opset, opType, mode, scales) => {
    const original = resizeModel(
      opset,
      { opType, input: ['x', 'scales'], output: ['y'], attributes: { mode } },
      scales,
    );

    const upgraded = sut(original, 13);

    expect(upgraded.graph!.node.every((node) => node.opType === 'Resize')).toBe(true);
    expect(await runModel(upgraded, feeds)).toEqual(await runModel(original, feeds));
  });

  it('computes the same for Upsample-7, whose scales are an attribute', async () => {
    const original = resizeModel(7, {
      opType: 'Upsample',
      input: ['x'],
      output: ['y'],
      attributes: { scales: [1, 1, 2, 1.5] },
    });

    const upgraded = sut(original, 13);

    expect(await runModel(upgraded, feeds)).toEqual(await runModel(original, feeds));
  });

  it('keeps Upsample scales computed at run time, which the operator guarantees are >= 1', async () => {
    const original = tinyModel(
      9,
      [{ opType: 'Upsample', input: ['x', 's'], output: ['y'] }],
      [tensorValue('x', X_DIMS), tensorValue('s', [4])],
      [tensorValue('y', null)],
    );
    const withScales = { ...feeds, s: new Tensor('float32', Float32Array.from([1, 1, 3, 1.5]), [4]) };

    const upgraded = sut(original, 13);

    expect(await runModel(upgraded, withScales)).toEqual(await runModel(original, withScales));
  });

  it('refuses a nearest Resize-10 whose scales are computed at run time', () => {
    const original = tinyModel(
      10,
      [{ opType: 'Resize', input: ['x', 's'], output: ['y'] }],
      [tensorValue('x', X_DIMS), tensorValue('s', [4])],
      [tensorValue('y', null)],
    );

    expect(() => sut(original, 13)).toThrow(/Resize .*scales computed at run time/);
  });

  it('refuses coordinate_transformation_mode tf_half_pixel_for_nn, removed at 13', () => {
    const original = tinyModel(
      11,
      [
        {
          opType: 'Resize',
          input: ['x', 'roi', 'scales'],
          output: ['y'],
          attributes: { coordinate_transformation_mode: 'tf_half_pixel_for_nn' },
        },
      ],
      [tensorValue('x', X_DIMS)],
      [tensorValue('y', null)],
      [floatingTensor('roi', DataType.FLOAT, []), scalesTensor([1, 1, 2, 2])],
    );

    expect(() => sut(original, 13)).toThrow(/tf_half_pixel_for_nn was removed/);
  });
});
