import { create } from '@bufbuild/protobuf';
import { type TensorProto, TensorProto_DataType as DataType, TensorProtoSchema } from 'onnx-buf';
import { float16Bits } from '../float16/float16';
import { isExternal } from '../tensor-size';

// Small constant tensors that graph passes read (axes, scales, shapes) and write (new inputs that
// used to be attributes). Values are stored in the typed fields, which every reader accepts, except
// float16, which ONNX keeps as bit patterns in int32_data.

/** A tensor of int64 values, 1-D unless `dims` says otherwise (`[]` for a scalar). */
export function int64Tensor(
  name: string,
  values: readonly (bigint | number)[],
  dims: readonly number[] = [values.length],
): TensorProto {
  return create(TensorProtoSchema, {
    name,
    dataType: DataType.INT64,
    dims: dims.map(BigInt),
    int64Data: values.map(BigInt),
  });
}

/** Element types `floatingTensor` can write. */
export const FLOATING_TYPES: ReadonlySet<number> = new Set([
  DataType.FLOAT,
  DataType.DOUBLE,
  DataType.FLOAT16,
]);

/** A float32, float64 or float16 tensor, 1-D unless `dims` says otherwise (`[]` for a scalar). */
export function floatingTensor(
  name: string,
  dataType: DataType,
  values: readonly number[],
  dims: readonly number[] = [values.length],
): TensorProto {
  const tensor = create(TensorProtoSchema, { name, dataType, dims: dims.map(BigInt) });
  if (dataType === DataType.FLOAT) tensor.floatData = [...values];
  else if (dataType === DataType.DOUBLE) tensor.doubleData = [...values];
  else if (dataType === DataType.FLOAT16) tensor.int32Data = values.map(float16Bits);
  else throw new RangeError(`floatingTensor cannot write data type ${dataType}`);
  return tensor;
}

/** The values of an INT64 or INT32 tensor stored in the model, else undefined. */
export function readIntegers(tensor: TensorProto): bigint[] | undefined {
  if (isExternal(tensor)) return undefined;
  const raw = rawView(tensor);
  if (tensor.dataType === DataType.INT64) {
    if (!raw) return [...tensor.int64Data];
    return Array.from({ length: raw.byteLength / 8 }, (_, i) => raw.getBigInt64(i * 8, true));
  }
  if (tensor.dataType === DataType.INT32) {
    if (!raw) return tensor.int32Data.map(BigInt);
    return Array.from({ length: raw.byteLength / 4 }, (_, i) => BigInt(raw.getInt32(i * 4, true)));
  }
  return undefined;
}

/** The values of a FLOAT or DOUBLE tensor stored in the model, else undefined. */
export function readFloats(tensor: TensorProto): number[] | undefined {
  if (isExternal(tensor)) return undefined;
  const raw = rawView(tensor);
  if (tensor.dataType === DataType.FLOAT) {
    if (!raw) return [...tensor.floatData];
    return Array.from({ length: raw.byteLength / 4 }, (_, i) => raw.getFloat32(i * 4, true));
  }
  if (tensor.dataType === DataType.DOUBLE) {
    if (!raw) return [...tensor.doubleData];
    return Array.from({ length: raw.byteLength / 8 }, (_, i) => raw.getFloat64(i * 8, true));
  }
  return undefined;
}

function rawView(tensor: TensorProto): DataView | undefined {
  const raw = tensor.rawData;
  return raw.length > 0 ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : undefined;
}
