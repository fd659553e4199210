import { EdgeplaneError } from '@edgeplane/contracts';

/** Why a variant could not be verified; stable values that clients may branch on. */
export type VerificationFailureReason =
  | 'no_inputs'
  | 'unsupported_input'
  | 'model_failed'
  | 'missing_output'
  | 'output_shape_mismatch'
  | 'unsupported_output';

/**
 * A variant could not be compared with its original. Either the inputs cannot be built or fed, or
 * the variant breaks the original's interface (an output gone, another shape): such a variant must
 * never be accepted, so this is an error rather than bad figures.
 */
export class VerificationError extends EdgeplaneError {
  constructor(
    readonly reason: VerificationFailureReason,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super('invalid', `verification.${reason}`, message, { reason, ...details });
  }
}
