import {
  cosineSimilarity,
  looksLikeClassScores,
  maxAbsError,
  maxRelError,
  top1Agreement,
} from './output-comparison';

describe('output comparison', () => {
  const sut = { cosineSimilarity, maxAbsError, maxRelError, looksLikeClassScores, top1Agreement };

  describe('cosineSimilarity', () => {
    it('is 32 / sqrt(14 * 77) for (1, 2, 3) and (4, 5, 6)', () => {
      expect(sut.cosineSimilarity([1, 2, 3], [4, 5, 6])).toBeCloseTo(0.9746318461970762, 15);
    });

    it('is 0 for orthogonal vectors, 1 for a scaled copy and -1 for a negated one', () => {
      expect(sut.cosineSimilarity([1, 0, -2], [2, 5, 1])).toBe(0);
      expect(sut.cosineSimilarity([0.5, -1.5, 2], [1.5, -4.5, 6])).toBeCloseTo(1, 15);
      expect(sut.cosineSimilarity([0.5, -1.5, 2], [-0.5, 1.5, -2])).toBeCloseTo(-1, 15);
    });

    it('accumulates in float64: float32 sums could not tell (1e6, 1) from (1e6, -1)', () => {
      const original = Float32Array.of(1e6, 1);
      const variant = Float32Array.of(1e6, -1);

      expect(sut.cosineSimilarity(original, variant)).toBeCloseTo(1 - 2e-12, 15);
      expect(sut.cosineSimilarity(original, variant)).toBeLessThan(1);
    });

    it('is 1 for two zero vectors, 0 for zero against non-zero, 0 for NaN or Infinity', () => {
      expect(sut.cosineSimilarity([0, 0], [0, 0])).toBe(1);
      expect(sut.cosineSimilarity([0, 0], [0, 3])).toBe(0);
      expect(sut.cosineSimilarity([1, 2], [1, Number.NaN])).toBe(0);
      expect(sut.cosineSimilarity([1, 2], [1, Infinity])).toBe(0);
    });

    it('refuses outputs of different lengths', () => {
      expect(() => sut.cosineSimilarity([1, 2], [1, 2, 3])).toThrow('original 2, variant 3');
    });
  });

  describe('maxAbsError and maxRelError', () => {
    it('are 1 and 1/3 for (1, -2, 3) against (1.5, -2, 2)', () => {
      expect(sut.maxAbsError([1, -2, 3], [1.5, -2, 2])).toBe(1);
      expect(sut.maxRelError([1, -2, 3], [1.5, -2, 2])).toBeCloseTo(1 / 3, 15);
    });

    it('are 0 for identical outputs, non-finite values included', () => {
      expect(sut.maxAbsError([Infinity, Number.NaN, -0], [Infinity, Number.NaN, 0])).toBe(0);
      expect(sut.maxRelError([0, 0], [0, 0])).toBe(0);
    });

    it('are Infinity for a NaN in the variant, or any error on an all-zero original', () => {
      expect(sut.maxAbsError([1, 2], [1, Number.NaN])).toBe(Infinity);
      expect(sut.maxRelError([0, 0], [0, 1e-9])).toBe(Infinity);
    });
  });

  describe('top1Agreement', () => {
    const scores = [0.7, 0.2, 0.1, 0.1, 0.3, 0.6];

    it('counts rows of a 2×3 score matrix whose argmax agrees', () => {
      const variant = [0.6, 0.3, 0.1, 0.1, 0.5, 0.4]; // row 0 keeps class 0; row 1 moves from 2 to 1

      expect(sut.top1Agreement(scores, variant, [2, 3])).toEqual({ agreeingRows: 1, rows: 2 });
      expect(sut.top1Agreement(scores, scores, [2, 3])).toEqual({ agreeingRows: 2, rows: 2 });
    });

    it('gives ties to the first index, and never agrees on a NaN row', () => {
      const tied = [0.5, 0.5, 0.5, 0.5];

      expect(sut.top1Agreement(tied, [0.5, 0.5, 0.4, 0.6], [2, 2])).toEqual({ agreeingRows: 1, rows: 2 });
      const nanRow = [0.5, 0.5, Number.NaN, 0];
      expect(sut.top1Agreement(tied, nanRow, [2, 2])).toEqual({ agreeingRows: 1, rows: 2 });
    });

    it('is null unless every row is a probability distribution over at least 2 classes', () => {
      expect(sut.top1Agreement([2, -1, 0.5, 0, 1, 3], scores, [2, 3])).toBeNull(); // logits
      expect(sut.top1Agreement([0.9, 0.8, 0.1, 0.3, 0.2, 0.9], scores, [2, 3])).toBeNull(); // sigmoid map
      expect(sut.top1Agreement([1, 1], [1, 1], [2, 1])).toBeNull(); // one class
      expect(sut.looksLikeClassScores(scores, [2, 3])).toBe(true);
      // Rows off 1 by rounding still count; a row off by more than the tolerance does not.
      expect(sut.looksLikeClassScores([0.5, 0.5004, 0.5, 0.4996], [2, 2])).toBe(true);
      expect(sut.looksLikeClassScores([0.5, 0.502, 0.5, 0.5], [2, 2])).toBe(false);
    });
  });
});
