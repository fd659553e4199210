/**
 * Zeroes, in place, the `count` values of smallest magnitude. Ties at the cut are broken by
 * position, lowest index first, so the same tensor always loses the same weights. NaN is never
 * zeroed (Float32Array sorts it last and it compares false): a NaN weight is a broken model, which
 * pruning must not hide.
 */
export function zeroSmallestMagnitudes(values: Float32Array, count: number): void {
  if (count <= 0) return;
  // A numeric typed-array sort is far quicker than sorting indices with a comparator (rec: 2.7 M weights).
  const magnitudes = values.map(Math.abs).sort();
  const threshold = magnitudes[Math.min(count, values.length) - 1];
  const belowThreshold = magnitudes.findIndex((magnitude) => !(magnitude < threshold));
  let tiesToZero = Math.min(count, values.length) - belowThreshold;
  for (let index = 0; index < values.length; index += 1) {
    const magnitude = Math.abs(values[index]);
    if (magnitude < threshold) values[index] = 0;
    else if (magnitude === threshold && tiesToZero > 0) {
      values[index] = 0;
      tiesToZero -= 1;
    }
  }
}

/** Values equal to zero (either sign). */
export function countZeros(values: Float32Array): number {
  let zeros = 0;
  for (const value of values) if (value === 0) zeros += 1;
  return zeros;
}
