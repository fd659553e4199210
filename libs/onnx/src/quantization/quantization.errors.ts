import { EdgeplaneError } from '@edgeplane/contracts';

/**
 * A tensor holds NaN or ±Infinity where a finite value is required. There is no honest scale for
 * such a range (Infinity would make every other value quantize to the zero point), and ORT's output
 * for NaN is platform-dependent, so we refuse rather than produce a silently broken model.
 */
export class NonFiniteTensorError extends EdgeplaneError {
  constructor(tensorName: string, index: number, value: number) {
    super(
      'invalid',
      'quantization.non_finite',
      `${tensorName}: element ${index} is ${value}; quantization needs finite values. ` +
        'Fix or exclude this tensor (it usually means the model was exported from a diverged run).',
      { tensorName, index, value: String(value) },
    );
  }
}

/** The finite range of a tensor is too wide for its scale to be a finite float32. */
export class RangeTooWideError extends EdgeplaneError {
  constructor(tensorName: string, min: number, max: number) {
    super(
      'invalid',
      'quantization.range_too_wide',
      `${tensorName}: values span [${min}, ${max}], wider than a float32 scale can express. ` +
        'Clip outliers before quantizing.',
      { tensorName, min, max },
    );
  }
}

/** Arguments that contradict each other: shape vs data length, axis vs rank, params vs tensor. */
export class InvalidQuantizationArgumentError extends EdgeplaneError {
  constructor(tensorName: string, problem: string) {
    super('invalid', 'quantization.invalid_argument', `${tensorName}: ${problem}`, {
      tensorName,
    });
  }
}
