import { create } from '@bufbuild/protobuf';
import { TensorProto_DataType as DataType, TensorProtoSchema } from 'onnx-buf';
import { float16Bits, floatingTensor, int64Tensor, readFloats, readIntegers } from './tensor-values';

describe('float16Bits', () => {
  const sut = float16Bits;

  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [6, 0x4600],
    [-2.5, 0xc100],
    [65504, 0x7bff],
    [65520, 0x7c00], // rounds to even: beyond the largest finite half
    [1e6, 0x7c00],
    [-Infinity, 0xfc00],
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -25, 0x0000], // tie between 0 and it: to even, 0
    [3 * 2 ** -25, 0x0002], // tie between 1 and 2 subnormal steps: to even, 2
    [1 + 2 ** -11, 0x3c00], // tie: to even mantissa
    [1 + 3 * 2 ** -11, 0x3c02],
  ])('encodes %d as %i', (value, bits) => {
    expect(sut(value)).toBe(bits);
  });

  it('keeps NaN a NaN', () => {
    const bits = sut(Number.NaN);

    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x3ff).not.toBe(0);
  });
});

describe('constant tensors', () => {
  const sut = { floatingTensor, int64Tensor, readFloats, readIntegers };

  it('reads int64 and int32 values from raw little-endian bytes and from typed fields', () => {
    const raw = new Uint8Array(new BigInt64Array([-1n, 2n ** 40n]).buffer);
    const int64Raw = create(TensorProtoSchema, { dataType: DataType.INT64, dims: [2n], rawData: raw });
    const int32Typed = create(TensorProtoSchema, {
      dataType: DataType.INT32,
      dims: [2n],
      int32Data: [5, -6],
    });

    expect(sut.readIntegers(int64Raw)).toEqual([-1n, 2n ** 40n]);
    expect(sut.readIntegers(int32Typed)).toEqual([5n, -6n]);
    expect(sut.readIntegers(sut.int64Tensor('t', [3, 4n]))).toEqual([3n, 4n]);
  });

  it('reads float values and refuses other types', () => {
    const raw = new Uint8Array(new Float32Array([0.5, -2]).buffer);
    const floatRaw = create(TensorProtoSchema, { dataType: DataType.FLOAT, dims: [2n], rawData: raw });

    expect(sut.readFloats(floatRaw)).toEqual([0.5, -2]);
    expect(sut.readFloats(sut.floatingTensor('d', DataType.DOUBLE, [0.1]))).toEqual([0.1]);
    expect(sut.readFloats(sut.int64Tensor('i', [1]))).toBeUndefined();
    expect(sut.readIntegers(floatRaw)).toBeUndefined();
  });

  it('writes float16 values as bit patterns in int32_data, as ONNX stores them', () => {
    const tensor = sut.floatingTensor('h', DataType.FLOAT16, [1, -2], [2]);

    expect(tensor.int32Data).toEqual([0x3c00, 0xc000]);
    expect(tensor.dims).toEqual([2n]);
  });
});
