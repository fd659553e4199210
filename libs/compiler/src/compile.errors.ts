import { EdgeplaneError } from '@edgeplane/contracts';

/** The compile was cancelled by an operator while it ran; not a failure, never retried. */
export class CompileCancelledError extends EdgeplaneError {
  constructor(variantId: string) {
    super('conflict', 'compile.cancelled', `Compile job ${variantId} was cancelled.`);
  }
}
