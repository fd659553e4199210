import { type TensorProto, TensorProto_DataType as DataType } from 'onnx-buf';
import { isExternal } from '../../tensor-size';
import { encodeFloat16 } from '../../float16/float16-arrays';

/**
 * The values of a float32 tensor, from raw_data (little-endian, as ONNX stores it) or float_data;
 * null when its bytes live in a file beside the model, which this pass does not read.
 */
export function readFloat32Values(tensor: TensorProto): Float32Array | null {
  if (isExternal(tensor)) return null;
  if (tensor.rawData.length === 0) return Float32Array.from(tensor.floatData);
  // raw_data may be a view into the whole file's buffer at any offset: read through a DataView.
  const raw = tensor.rawData;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const values = new Float32Array(raw.byteLength >>> 2);
  for (let index = 0; index < values.length; index += 1) values[index] = view.getFloat32(index * 4, true);
  return values;
}

/** Rewrites a float32 tensor in place into float16 holding `values` (its own, as read before). */
export function storeAsFloat16(tensor: TensorProto, values: Float32Array): void {
  tensor.dataType = DataType.FLOAT16;
  tensor.rawData = encodeFloat16(values);
  tensor.floatData = [];
}
