// Pure comparisons of one output of the original (fp32) model with the same output of a variant.
// Both are flat, row-major and of equal length; sums run in float64 so that a million float32
// elements do not lose the digits that separate cosine 0.9999 from 0.99999.

/** Rows of the original that sum to 1 within this are probability distributions (softmax, float32). */
export const PROBABILITY_SUM_TOLERANCE = 1e-3;

/** How many rows (predictions) of a class-score output have the same argmax in both models. */
export interface Top1Count {
  agreeingRows: number;
  rows: number;
}

/**
 * Cosine of the angle between the two outputs seen as vectors: 1 = same direction. Two all-zero
 * outputs agree (1); one all-zero output against another does not (0). A NaN or infinite element
 * yields 0, so a numerically broken variant can never look good.
 */
export function cosineSimilarity(original: ArrayLike<number>, variant: ArrayLike<number>): number {
  assertSameLength(original, variant);
  let dot = 0;
  let originalSquares = 0;
  let variantSquares = 0;
  for (let index = 0; index < original.length; index += 1) {
    const a = original[index]!;
    const b = variant[index]!;
    dot += a * b;
    originalSquares += a * a;
    variantSquares += b * b;
  }
  if (originalSquares === 0 && variantSquares === 0) return 1;
  const cosine = dot / Math.sqrt(originalSquares * variantSquares);
  if (!Number.isFinite(cosine)) return 0;
  // Rounding can push |cosine| a hair past 1; a similarity above 1 would only confuse a reader.
  return Math.max(-1, Math.min(1, cosine));
}

/**
 * Largest |original - variant| over all elements. A NaN difference counts as Infinity (except where
 * both hold the same non-finite value), so a broken variant never reports a small error.
 */
export function maxAbsError(original: ArrayLike<number>, variant: ArrayLike<number>): number {
  assertSameLength(original, variant);
  let largest = 0;
  for (let index = 0; index < original.length; index += 1) {
    const a = original[index]!;
    const b = variant[index]!;
    if (Object.is(a, b) || a === b) continue;
    const difference = Math.abs(a - b);
    largest = Number.isNaN(difference) ? Infinity : Math.max(largest, difference);
  }
  return largest;
}

/**
 * `maxAbsError` relative to the original's largest magnitude, so that it reads the same for
 * outputs in [0, 1] and in the thousands. An all-zero original gives 0 when matched, else Infinity.
 */
export function maxRelError(original: ArrayLike<number>, variant: ArrayLike<number>): number {
  const error = maxAbsError(original, variant);
  let magnitude = 0;
  for (let index = 0; index < original.length; index += 1) {
    magnitude = Math.max(magnitude, Math.abs(original[index]!));
  }
  if (error === 0) return 0;
  return magnitude === 0 ? Infinity : error / magnitude;
}

/**
 * Whether the output holds class scores, judged on the original: a last axis of at least 2, and
 * every row along it a probability distribution (no negative element, sum 1 within
 * PROBABILITY_SUM_TOLERANCE), as a softmax produces. Logits are not recognised: nothing tells them
 * from a regression output, and argmax agreement on regression values means nothing.
 */
export function looksLikeClassScores(original: ArrayLike<number>, dims: readonly number[]): boolean {
  const classes = dims.at(-1) ?? 0;
  if (classes < 2 || original.length === 0) return false;
  for (let start = 0; start < original.length; start += classes) {
    let sum = 0;
    for (let index = start; index < start + classes; index += 1) {
      const score = original[index]!;
      if (!(score >= 0)) return false; // also rejects NaN
      sum += score;
    }
    if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) return false;
  }
  return true;
}

/**
 * Rows along the last axis (one per prediction: a batch item, a sequence step) whose argmax is the
 * same in both outputs; null when the output is not class scores (see `looksLikeClassScores`).
 * Ties go to the first index, as numpy's argmax does; a row holding NaN never agrees.
 */
export function top1Agreement(
  original: ArrayLike<number>,
  variant: ArrayLike<number>,
  dims: readonly number[],
): Top1Count | null {
  assertSameLength(original, variant);
  if (!looksLikeClassScores(original, dims)) return null;
  const classes = dims.at(-1)!;
  const rows = original.length / classes;
  let agreeingRows = 0;
  for (let start = 0; start < original.length; start += classes) {
    const expected = argmax(original, start, classes);
    if (expected >= 0 && expected === argmax(variant, start, classes)) agreeingRows += 1;
  }
  return { agreeingRows, rows };
}

/** Index of the largest score in the row, or -1 when the row holds NaN. */
function argmax(values: ArrayLike<number>, start: number, length: number): number {
  let best = 0;
  for (let offset = 0; offset < length; offset += 1) {
    const score = values[start + offset]!;
    if (Number.isNaN(score)) return -1;
    if (score > values[start + best]!) best = offset;
  }
  return best;
}

function assertSameLength(original: ArrayLike<number>, variant: ArrayLike<number>): void {
  if (original.length !== variant.length) {
    throw new RangeError(`outputs differ in length: original ${original.length}, variant ${variant.length}`);
  }
}
