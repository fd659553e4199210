import { FLOAT16_MAX, float16Bits, float16Value } from './float16';

// Whole tensors at a time. ORT hands float16 tensors over as their bits in a Uint16Array
// (onnxruntime-common picks Float16Array only where the runtime has one); ONNX keeps them in raw_data.

/** float16 bits of each value, rounded to nearest, ties to even (as ORT's Cast rounds). */
export function float32ToFloat16Bits(values: ArrayLike<number>): Uint16Array {
  return Uint16Array.from({ length: values.length }, (_, index) => float16Bits(values[index]));
}

/** Values of float16 elements given as their bits. */
export function float16BitsToFloat32(bits: Uint16Array): Float32Array {
  return Float32Array.from(bits, float16Value);
}

/** Little-endian float16 bytes of `values`, as ONNX stores FLOAT16 tensors in raw_data. */
export function encodeFloat16(values: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < values.length; index += 1) {
    view.setUint16(index * 2, float16Bits(values[index]), true);
  }
  return bytes;
}

/** Largest finite magnitude in `values` above FLOAT16_MAX, or null when all of them fit. */
export function float16Overflow(values: ArrayLike<number>): number | null {
  let largest = 0;
  for (let index = 0; index < values.length; index += 1) {
    const magnitude = Math.abs(values[index]);
    // ±Infinity and NaN have exact float16 encodings (attention masks use -Infinity), so they fit.
    if (magnitude > largest && Number.isFinite(magnitude)) largest = magnitude;
  }
  return largest > FLOAT16_MAX ? largest : null;
}
