/**
 * Deterministic pseudo-random float32 tensors for tests (mulberry32): a failing case reproduces on
 * every run and every machine.
 */
export function seededFloats(seed: number, length: number, low: number, high: number): Float32Array {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return Float32Array.from({ length }, () => low + (high - low) * next());
}
