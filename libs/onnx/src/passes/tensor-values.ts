import { create } from '@bufbuild/protobuf';
import { type TensorProto, TensorProto_DataType as DataType, TensorProtoSchema } from 'onnx-buf';
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

/**
 * IEEE binary16 bits of a number, rounded to nearest even from its float32 value (attributes are
 * float32 already). Overflow gives ±Infinity, as a float32 → float16 cast does in ONNX Runtime.
 */
export function float16Bits(value: number): number {
  const bits = new Uint32Array(new Float32Array([value]).buffer)[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (((bits >>> 23) & 0xff) === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  if (exponent >= 0x1f) return sign | 0x7c00;
  if (exponent <= 0) {
    if (exponent < -10) return sign; // below half the smallest subnormal
    return sign | roundShift(mantissa | 0x800000, 14 - exponent);
  }
  // A carry out of the mantissa correctly bumps the exponent (and reaches Infinity at the top).
  return sign | ((exponent << 10) + roundShift(mantissa, 13));
}

/** value >> shift, rounded to nearest, ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}
