import type { VerificationFigures } from '@edgeplane/contracts';
import { cosineSimilarity, maxAbsError, maxRelError, top1Agreement } from './output-comparison';
import type { ComparableOutput } from './verification-session';
import { VerificationError } from './verification.errors';

/** The figures that come from comparing outputs. */
export type OutputFigures = Pick<
  VerificationFigures,
  'cosine' | 'minCosine' | 'maxAbsError' | 'maxRelError' | 'top1Agreement'
>;

/**
 * Accumulates the comparison of every output on every input. Cosine is averaged over
 * (input, output) pairs; errors take the worst pair; top-1 pools the rows of every class-score
 * output, so a sequence output (one prediction per step) weighs by its steps.
 */
export class OutputTally {
  private cosineSum = 0;
  private pairs = 0;
  private minCosine = 1;
  private maxAbsError = 0;
  private maxRelError = 0;
  private agreeingRows = 0;
  private classRows = 0;

  /** Compares the original's outputs, by name, with the variant's on one input. */
  add(
    inputIndex: number,
    original: ReadonlyMap<string, ComparableOutput>,
    variant: ReadonlyMap<string, ComparableOutput>,
  ): void {
    for (const [name, expected] of original) {
      const actual = variant.get(name);
      if (!actual) {
        throw new VerificationError(
          'missing_output',
          `variant: output ${name} of the original is missing; a variant must keep the model's outputs`,
          { output: name },
        );
      }
      if (expected.dims.join() !== actual.dims.join()) {
        throw new VerificationError(
          'output_shape_mismatch',
          `variant: output ${name} is [${actual.dims.join(', ')}] on input ${inputIndex}, ` +
            `the original's is [${expected.dims.join(', ')}]`,
          { output: name, inputIndex },
        );
      }
      this.compare(expected, actual);
    }
  }

  figures(): OutputFigures {
    return {
      cosine: this.pairs === 0 ? 1 : this.cosineSum / this.pairs,
      minCosine: this.minCosine,
      maxAbsError: this.maxAbsError,
      maxRelError: this.maxRelError,
      top1Agreement: this.classRows === 0 ? null : this.agreeingRows / this.classRows,
    };
  }

  private compare(expected: ComparableOutput, actual: ComparableOutput): void {
    const cosine = cosineSimilarity(expected.values, actual.values);
    this.cosineSum += cosine;
    this.pairs += 1;
    this.minCosine = Math.min(this.minCosine, cosine);
    this.maxAbsError = Math.max(this.maxAbsError, maxAbsError(expected.values, actual.values));
    this.maxRelError = Math.max(this.maxRelError, maxRelError(expected.values, actual.values));
    const top1 = top1Agreement(expected.values, actual.values, expected.dims);
    if (top1) {
      this.agreeingRows += top1.agreeingRows;
      this.classRows += top1.rows;
    }
  }
}
