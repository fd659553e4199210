import { EdgeplaneError } from '@edgeplane/contracts';

/** The variant's file could not be turned into a session ONNX Runtime can run. */
export class VariantLoadError extends EdgeplaneError {
  constructor(message: string) {
    super('invalid', 'serving.load_failed', message);
  }
}

/** The loaded variant did not compute what the compiler verified (or produced non-finite outputs). */
export class SelfTestError extends EdgeplaneError {
  constructor(problem: string) {
    super('invalid', 'serving.self_test_failed', `self-test failed: ${problem}`);
  }
}
