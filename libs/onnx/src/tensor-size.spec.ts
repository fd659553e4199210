import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { TensorProto_DataType as DataType, TensorProtoSchema } from 'onnx-buf';
import { elementCount, elementTypeName, storedDataMismatch, tensorBytes } from './tensor-size';

const tensor = (init: MessageInitShape<typeof TensorProtoSchema>) => create(TensorProtoSchema, init);

describe('elementTypeName', () => {
  it.each([
    [DataType.FLOAT, 'float32'],
    [DataType.FLOAT16, 'float16'],
    [DataType.DOUBLE, 'float64'],
    [DataType.INT8, 'int8'],
    [DataType.UINT8, 'uint8'],
    [DataType.INT64, 'int64'],
    [DataType.INT4, 'int4'],
    [DataType.UNDEFINED, 'undefined'],
    [99, 'unknown(99)'],
  ])('names data type %i %j', (dataType, name) => {
    expect(elementTypeName(dataType)).toBe(name);
  });
});

describe('elementCount and tensorBytes', () => {
  it('treats a tensor without dims as a scalar', () => {
    const sut = tensor({ dataType: DataType.FLOAT, floatData: [1] });

    expect(elementCount(sut)).toBe(1n);
    expect(tensorBytes(sut)).toBe(4n);
  });

  it.each([
    [DataType.FLOAT, [2n, 3n], 24n],
    [DataType.FLOAT16, [2n, 3n], 12n],
    [DataType.COMPLEX128, [2n], 32n],
    [DataType.INT4, [3n], 2n], // two per byte, rounded up
    [DataType.UINT2, [5n], 2n], // four per byte
    [DataType.INT64, [0n, 7n], 0n],
  ])('sizes data type %i with dims %p at %p bytes', (dataType, dims, bytes) => {
    expect(tensorBytes(tensor({ dataType, dims }))).toBe(bytes);
  });

  it('sizes strings by their content', () => {
    const stringData = [new Uint8Array(3), new Uint8Array(5)];
    const sut = tensor({ dataType: DataType.STRING, dims: [2n], stringData });

    expect(tensorBytes(sut)).toBe(8n);
  });
});

describe('storedDataMismatch', () => {
  it.each([
    ['raw float32', { dataType: DataType.FLOAT, dims: [2n], rawData: new Uint8Array(8) }],
    ['float16 in int32_data, one per entry', { dataType: DataType.FLOAT16, dims: [3n], int32Data: [1, 2, 3] }],
    ['int4 in int32_data, two per entry', { dataType: DataType.INT4, dims: [3n], int32Data: [1, 2] }],
    ['complex64 as pairs of floats', { dataType: DataType.COMPLEX64, dims: [2n], floatData: [1, 2, 3, 4] }],
    ['an empty tensor without data', { dataType: DataType.FLOAT, dims: [0n] }],
    ['external data (checked elsewhere)', { dataType: DataType.FLOAT, dims: [9n], dataLocation: 1 }],
  ])('accepts %s', (_, init) => {
    expect(storedDataMismatch(tensor(init))).toBeNull();
  });

  it.each([
    [
      'raw_data of the wrong length',
      { dataType: DataType.FLOAT, dims: [2n], rawData: new Uint8Array(7) },
      'declares 2 float32 elements (8 bytes) but holds 7 bytes of raw_data',
    ],
    [
      'int4 with one entry too many',
      { dataType: DataType.INT4, dims: [3n], int32Data: [1, 2, 3] },
      'declares 3 int4 elements but holds 3 entries in int32_data',
    ],
    [
      'no data at all',
      { dataType: DataType.FLOAT, dims: [4n] },
      'declares 4 float32 elements but holds 0 entries in any data field',
    ],
  ])('reports %s', (_, init, message) => {
    expect(storedDataMismatch(tensor(init))).toBe(message);
  });
});
