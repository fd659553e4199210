import type { TensorProto } from 'onnx-buf';

/** TensorProto's typed data fields, in the order a size check looks for the one in use. */
export const TYPED_DATA_FIELDS = [
  'float_data',
  'int32_data',
  'string_data',
  'int64_data',
  'double_data',
  'uint64_data',
] as const;

/** Proto name of one of TensorProto's typed data fields. */
export type TypedDataField = (typeof TYPED_DATA_FIELDS)[number];

/** The data a tensor keeps inside the model file, as counts: all that size checks need of it. */
export interface TensorPayload {
  /** Bytes of raw_data. */
  rawDataBytes: number;
  /** Entries in each typed data field. */
  entries: Record<TypedDataField, number>;
  /** Bytes of all string_data entries together. */
  stringDataBytes: number;
}

// Beside the tensors rather than in them: a TensorProto has no field for "N bytes left out", and a
// WeakMap lets every size check ask one function whatever kind of tensor it was given.
const recorded = new WeakMap<TensorProto, TensorPayload>();

/** What the tensor holds: counted from its fields, or as recorded for a skeleton's tensor. */
export function payloadOf(tensor: TensorProto): TensorPayload {
  return recorded.get(tensor) ?? measurePayload(tensor);
}

/**
 * The record the skeleton reader keeps for a tensor whose data it leaves out, created empty on first
 * use; the reader adds to it field by field, as the parser would fill the arrays.
 */
export function skeletonPayload(tensor: TensorProto): TensorPayload {
  let payload = recorded.get(tensor);
  if (!payload) {
    payload = measurePayload(tensor);
    recorded.set(tensor, payload);
  }
  return payload;
}

function measurePayload(tensor: TensorProto): TensorPayload {
  return {
    rawDataBytes: tensor.rawData.length,
    entries: {
      float_data: tensor.floatData.length,
      int32_data: tensor.int32Data.length,
      string_data: tensor.stringData.length,
      int64_data: tensor.int64Data.length,
      double_data: tensor.doubleData.length,
      uint64_data: tensor.uint64Data.length,
    },
    stringDataBytes: tensor.stringData.reduce((sum, text) => sum + text.length, 0),
  };
}
