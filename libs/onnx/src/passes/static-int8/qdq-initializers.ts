import { create } from '@bufbuild/protobuf';
import { type TensorProto, TensorProto_DataType as DataType, TensorProtoSchema } from 'onnx-buf';
import type { QuantizationParams } from '../../quantization';

// Initializers of the QDQ form: quantized data, scales and zero points, all little-endian in
// raw_data as exporters write them (the typed fields would store each int8 in a 4-byte varint slot).

/** An int8, uint8 or int32 tensor holding `values`. */
export function integerTensor(
  name: string,
  values: Int8Array | Uint8Array | Int32Array,
  dims: readonly bigint[],
): TensorProto {
  const dataType =
    values instanceof Int8Array
      ? DataType.INT8
      : values instanceof Uint8Array
        ? DataType.UINT8
        : DataType.INT32;
  // Copied, so the tensor does not pin (or serialise) a larger buffer the values are a view of.
  const rawData = new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
  return create(TensorProtoSchema, { name, dataType, dims: [...dims], rawData });
}

/** A float32 tensor holding `values`. */
export function float32Tensor(name: string, values: Float32Array, dims: readonly bigint[]): TensorProto {
  const rawData = new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
  return create(TensorProtoSchema, { name, dataType: DataType.FLOAT, dims: [...dims], rawData });
}

/** Dims of the scale and zero point: a scalar per tensor, one entry per channel per axis (opset 13). */
export function parameterDims(params: Pick<QuantizationParams, 'axis' | 'scale'>): bigint[] {
  return params.axis === null ? [] : [BigInt(params.scale.length)];
}

/** The zero points of `params` in its integer type, as QuantizeLinear/DequantizeLinear take them. */
export function zeroPointValues(params: QuantizationParams): Int8Array | Uint8Array {
  return params.type === 'int8' ? Int8Array.from(params.zeroPoint) : Uint8Array.from(params.zeroPoint);
}
