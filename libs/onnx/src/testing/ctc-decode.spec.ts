import { ctcGreedyDecode, readCtcAlphabet } from './ctc-decode';

/** Scores [1, steps, classes] with a 1 at each step's class and 0 elsewhere. */
function oneHotScores(classes: number, bestPerStep: number[]): Float32Array {
  const scores = new Float32Array(bestPerStep.length * classes);
  bestPerStep.forEach((best, step) => (scores[step * classes + best] = 1));
  return scores;
}

describe('ctcGreedyDecode', () => {
  const sut = ctcGreedyDecode;
  const alphabet = ['', 'a', 'b', ' '];

  it('collapses repeats and drops blanks', () => {
    const steps = [0, 1, 1, 0, 2, 2, 2, 3, 1];

    expect(sut(oneHotScores(4, steps), [1, steps.length, 4], alphabet)).toEqual(['ab a']);
  });

  it('keeps a doubled letter that a blank separates', () => {
    const steps = [1, 1, 0, 1];

    expect(sut(oneHotScores(4, steps), [1, steps.length, 4], alphabet)).toEqual(['aa']);
  });

  it('decodes each entry of a batch on its own', () => {
    const scores = oneHotScores(4, [1, 2, 2, 1]);

    expect(sut(scores, [2, 2, 4], alphabet)).toEqual(['ab', 'ba']);
  });

  it('refuses scores whose class count is not the alphabet size', () => {
    expect(() => sut(new Float32Array(10), [1, 2, 5], alphabet)).toThrow(/do not fit an alphabet of 4 classes/);
  });
});

describe('readCtcAlphabet', () => {
  it("matches the recogniser's 6625 classes: blank, the 6623 keys, space", () => {
    const alphabet = readCtcAlphabet();

    expect(alphabet).toHaveLength(6625);
    expect([alphabet[0], alphabet[alphabet.length - 1]]).toEqual(['', ' ']);
    expect(alphabet.slice(1, -1).every((key) => key.length > 0)).toBe(true);
  });
});
