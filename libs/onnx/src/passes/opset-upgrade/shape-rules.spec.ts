import { broadcastShape, concatShape, matMulShape, sliceShape, squeezeShape } from './shape-rules';

describe('shape rules', () => {
  const sut = { broadcastShape, concatShape, matMulShape, sliceShape, squeezeShape };

  it.each([
    ['a plain range', [10], [2], [5], undefined, [3]],
    ['negative start, end beyond the size', [10], [-3], [2 ** 40], undefined, [3]],
    ['a start beyond the size', [10], [20], [30], undefined, [0]],
    ['steps of 3', [10], [1], [10], [3], [3]],
    ['backwards from the end', [10], [-1], [-(2 ** 40)], [-2], [5]],
  ])('slices %s like ONNX Slice', (_, shape, starts, ends, steps, expected) => {
    expect(sut.sliceShape(shape, starts, ends, undefined, steps)).toEqual(expected);
  });

  it('broadcasts like NumPy, keeping what the known sizes prove', () => {
    expect(sut.broadcastShape([[null, 1, 5], [4, 1]])).toEqual([null, 4, 5]);
    expect(sut.broadcastShape([[null], [1]])).toEqual([null]);
    expect(sut.broadcastShape([[2, 3], undefined])).toBeUndefined();
  });

  it('concatenates sizes along the axis only when all are known', () => {
    expect(sut.concatShape([[1], [2]], 0)).toEqual([3]);
    expect(sut.concatShape([[1, 4], [null, 4]], 0)).toEqual([null, 4]);
    expect(sut.concatShape([[1], undefined], 0)).toEqual([null]);
  });

  it('squeezes all sizes of 1 only when every size is known', () => {
    expect(sut.squeezeShape([1, 3, 1], undefined)).toEqual([3]);
    expect(sut.squeezeShape([1, null], undefined)).toBeUndefined();
    expect(sut.squeezeShape([1, null, 1], [0, -1])).toEqual([null]);
  });

  it('multiplies matrices with numpy.matmul ranks', () => {
    expect(sut.matMulShape([2, 3, 4], [4, 5])).toEqual([2, 3, 5]);
    expect(sut.matMulShape([4], [2, 4, 5])).toEqual([2, 5]);
    expect(sut.matMulShape([3, 4], [4])).toEqual([3]);
  });
});
