/** Typed-array constructor of each element type the agent can feed to and read from ONNX Runtime. */
export const TYPED_ARRAY_OF = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  bool: Uint8Array, // ONNX Runtime's JavaScript API carries booleans as bytes
} as const;

export type ElementType = keyof typeof TYPED_ARRAY_OF;

export function isElementType(type: string): type is ElementType {
  return Object.hasOwn(TYPED_ARRAY_OF, type);
}

/** Elements in a tensor of these dimensions. */
export function elementCount(dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}
