import {
  type TensorProto,
  TensorProto_DataLocation as DataLocation,
  TensorProto_DataType as DataType,
} from 'onnx-buf';
import { payloadOf, TYPED_DATA_FIELDS } from './model-skeleton/tensor-payload';

interface ElementType {
  name: string;
  /** Bits per element; 0 for strings, whose size is their content. */
  bits: number;
}

const ELEMENT_TYPES: ReadonlyMap<number, ElementType> = new Map([
  [DataType.FLOAT, { name: 'float32', bits: 32 }],
  [DataType.UINT8, { name: 'uint8', bits: 8 }],
  [DataType.INT8, { name: 'int8', bits: 8 }],
  [DataType.UINT16, { name: 'uint16', bits: 16 }],
  [DataType.INT16, { name: 'int16', bits: 16 }],
  [DataType.INT32, { name: 'int32', bits: 32 }],
  [DataType.INT64, { name: 'int64', bits: 64 }],
  [DataType.STRING, { name: 'string', bits: 0 }],
  [DataType.BOOL, { name: 'bool', bits: 8 }],
  [DataType.FLOAT16, { name: 'float16', bits: 16 }],
  [DataType.DOUBLE, { name: 'float64', bits: 64 }],
  [DataType.UINT32, { name: 'uint32', bits: 32 }],
  [DataType.UINT64, { name: 'uint64', bits: 64 }],
  [DataType.COMPLEX64, { name: 'complex64', bits: 64 }],
  [DataType.COMPLEX128, { name: 'complex128', bits: 128 }],
  [DataType.BFLOAT16, { name: 'bfloat16', bits: 16 }],
  [DataType.FLOAT8E4M3FN, { name: 'float8e4m3fn', bits: 8 }],
  [DataType.FLOAT8E4M3FNUZ, { name: 'float8e4m3fnuz', bits: 8 }],
  [DataType.FLOAT8E5M2, { name: 'float8e5m2', bits: 8 }],
  [DataType.FLOAT8E5M2FNUZ, { name: 'float8e5m2fnuz', bits: 8 }],
  [DataType.UINT4, { name: 'uint4', bits: 4 }],
  [DataType.INT4, { name: 'int4', bits: 4 }],
  [DataType.FLOAT4E2M1, { name: 'float4e2m1', bits: 4 }],
  [DataType.FLOAT8E8M0, { name: 'float8e8m0', bits: 8 }],
  [DataType.UINT2, { name: 'uint2', bits: 2 }],
  [DataType.INT2, { name: 'int2', bits: 2 }],
]);

/** `float32`, `int8`, …; `undefined` for UNDEFINED and `unknown(<n>)` for a code this schema lacks. */
export function elementTypeName(dataType: number): string {
  if (dataType === DataType.UNDEFINED) return 'undefined';
  return ELEMENT_TYPES.get(dataType)?.name ?? `unknown(${dataType})`;
}

/** Whether tensors of this type can hold data (a known type other than UNDEFINED). */
export function isKnownDataType(dataType: number): boolean {
  return ELEMENT_TYPES.has(dataType);
}

/** Elements the tensor declares: the product of its dims (1 for a scalar). */
export function elementCount(tensor: TensorProto): bigint {
  return tensor.dims.reduce((product, dim) => product * dim, 1n);
}

/** True when the bytes live in a file beside the model. */
export function isExternal(tensor: TensorProto): boolean {
  return tensor.dataLocation === DataLocation.EXTERNAL || tensor.externalData.length > 0;
}

/** Bytes of the tensor's data at its element type, wherever it is stored; strings count their content. */
export function tensorBytes(tensor: TensorProto): bigint {
  if (tensor.dataType === DataType.STRING) {
    return BigInt(payloadOf(tensor).stringDataBytes);
  }
  const bits = BigInt(ELEMENT_TYPES.get(tensor.dataType)?.bits ?? 0);
  return (elementCount(tensor) * bits + 7n) / 8n;
}

/**
 * How much data the tensor holds in the file versus what its dims and type require, when the two
 * disagree (the runtime refuses such a tensor at load); null when they agree or when the data is
 * external (checked when the file beside the model is read).
 */
export function storedDataMismatch(tensor: TensorProto): string | null {
  const type = ELEMENT_TYPES.get(tensor.dataType);
  if (!type || isExternal(tensor)) return null;
  const declared = elementCount(tensor);
  const payload = payloadOf(tensor);
  if (payload.rawDataBytes > 0) {
    const expected = tensorBytes(tensor);
    if (BigInt(payload.rawDataBytes) === expected) return null;
    const held = payload.rawDataBytes;
    return `declares ${declared} ${type.name} elements (${expected} bytes) but holds ${held} bytes of raw_data`;
  }
  const field = TYPED_DATA_FIELDS.find((name) => payload.entries[name] > 0);
  const count = field ? payload.entries[field] : 0;
  // Sub-byte types pack several elements into each int32_data entry; complex types use two numbers each.
  const perEntry = type.bits < 8 ? BigInt(8 / type.bits) : 1n;
  const isComplex = tensor.dataType === DataType.COMPLEX64 || tensor.dataType === DataType.COMPLEX128;
  const numbersPerElement = isComplex ? 2n : 1n;
  const expected = ((declared + perEntry - 1n) / perEntry) * numbersPerElement;
  if (BigInt(count) === expected) return null;
  return `declares ${declared} ${type.name} elements but holds ${count} entries in ${field ?? 'any data field'}`;
}
