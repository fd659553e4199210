import { EdgeplaneError } from '@edgeplane/contracts';

/** The highest sparsity accepted: beyond it a layer keeps too few weights to be worth a gate run. */
export const MAX_SPARSITY = 0.95;

/** A sparsity outside [0, MAX_SPARSITY], or not a number at all. */
export class InvalidSparsityError extends EdgeplaneError {
  constructor(sparsity: number) {
    super(
      'invalid',
      'prune.invalid_sparsity',
      `sparsity ${sparsity} is not a fraction in [0, ${MAX_SPARSITY}]: ` +
        'give the share of each weight tensor to zero, e.g. 0.2 for 20 %.',
      { sparsity: String(sparsity), max: MAX_SPARSITY },
    );
  }
}
