// IEEE 754 half precision, by hand: Node 20 has no Float16Array, so ORT hands float16 tensors over
// as the raw bits in a Uint16Array (onnxruntime-common picks Float16Array only where it exists).

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** Values of float16 elements given as their bits. */
export function float16BitsToFloat32(bits: Uint16Array): Float32Array {
  return Float32Array.from(bits, halfToNumber);
}

/** float16 bits of each value, rounded to nearest, ties to even (as ORT's Cast rounds). */
export function float32ToFloat16Bits(values: ArrayLike<number>): Uint16Array {
  return Uint16Array.from({ length: values.length }, (_, index) => numberToHalf(values[index]!));
}

function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

function numberToHalf(value: number): number {
  scratch[0] = value;
  const bits = scratchBits[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // ±Infinity, quiet NaN
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00; // beyond 65504 (before rounding): ±Infinity
  if (halfExponent <= 0) {
    // Subnormal half: the implicit leading 1 becomes part of a mantissa shifted right.
    if (halfExponent < -10) return sign; // below half of the smallest subnormal: ±0
    return sign | roundShiftRight(mantissa | 0x800000, 14 - halfExponent);
  }
  // A carry out of the mantissa bumps the exponent, up to Infinity: that is the right rounding.
  return sign | ((halfExponent << 10) + roundShiftRight(mantissa, 13));
}

/** `value >> shift`, rounded to nearest with ties to even. */
function roundShiftRight(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return kept + (rest > half || (rest === half && kept & 1) ? 1 : 0);
}
