import { HardwareProfileSpec } from '@edgeplane/contracts';
import { InconsistentHardwareProfileError } from './hardware-profile.errors';

/**
 * Combinations the compiler could not honour are refused when the profile is written, not when the
 * first compile job fails: int8 needs a quantization scheme, float precisions need none, and
 * power-of-two scales exist only for static quantization.
 */
export function assertConsistent(spec: HardwareProfileSpec): void {
  const quantized = spec.quantization !== 'none';
  if (spec.precision === 'int8' && !quantized) {
    throw new InconsistentHardwareProfileError(
      'precision int8 needs quantization "dynamic" or "static"; "none" would leave the model in float.',
    );
  }
  if (spec.precision !== 'int8' && quantized) {
    throw new InconsistentHardwareProfileError(
      `precision ${spec.precision} computes in float: set quantization to "none", or precision to "int8".`,
    );
  }
  if (spec.scaleConstraint === 'power_of_two' && spec.quantization !== 'static') {
    throw new InconsistentHardwareProfileError(
      'scaleConstraint "power_of_two" applies to static quantization only (scales fixed at compile time).',
    );
  }
}
