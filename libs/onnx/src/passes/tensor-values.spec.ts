import { create } from '@bufbuild/protobuf';
import { TensorProto_DataType as DataType, TensorProtoSchema } from 'onnx-buf';
import { floatingTensor, int64Tensor, readFloats, readIntegers } from './tensor-values';

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
