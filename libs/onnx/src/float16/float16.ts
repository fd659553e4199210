// IEEE 754 binary16 by hand: Node 20 has no Float16Array (nor Math.f16round), so ONNX raw_data and
// ORT's float16 tensors are handled as bit patterns. This is the library's one float16 codec.

/** The largest finite float16 value; any float32 of larger magnitude overflows to infinity. */
export const FLOAT16_MAX = 65504;

// One shared view turns a number into its float32 bits without allocating per call.
const float32 = new Float32Array(1);
const float32Bits = new Uint32Array(float32.buffer);

/**
 * IEEE 754 binary16 bits of the float32 nearest to `value`, rounded to nearest, ties to even —
 * the rounding of hardware converters (F16C `vcvtps2ph`, CUDA `__float2half_rn`) and of ORT's Cast,
 * so values converted here equal values the runtime would convert itself.
 */
export function float16Bits(value: number): number {
  float32[0] = value;
  const bits = float32Bits[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) {
    // Infinity stays infinity; NaN keeps its top payload bits and is forced quiet so it stays NaN.
    return mantissa === 0 ? sign | 0x7c00 : sign | 0x7e00 | (mantissa >>> 13);
  }
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) return sign | toSubnormal(mantissa | 0x800000, 14 - halfExponent);
  // Rounding may carry into the exponent, up to 0x7c00 (infinity): exactly what the format wants.
  return sign | roundShifted((halfExponent << 23) | mantissa, 13);
}

/** The value of float16 bits (exact: every float16 is a float32). */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** A float16 subnormal: the 24-bit significand shifted down to units of 2^-24. */
function toSubnormal(significand: number, shift: number): number {
  // Below half the smallest subnormal (2^-25) every value rounds to zero.
  return shift > 24 ? 0 : roundShifted(significand, shift);
}

/** `value >>> shift`, rounded to nearest, ties to even. */
function roundShifted(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}
