import { BUILT_IN_HARDWARE_PROFILES } from '@edgeplane/contracts';
import { assertConsistent } from './hardware-profile.rules';
import { InconsistentHardwareProfileError } from './hardware-profile.errors';

describe('assertConsistent', () => {
  it.each(Object.values(BUILT_IN_HARDWARE_PROFILES))('accepts the built-in $name profile', (spec) => {
    expect(() => assertConsistent(spec)).not.toThrow();
  });

  it.each([
    [{ precision: 'int8', quantization: 'none' }, /int8 needs quantization/],
    [{ precision: 'fp16', quantization: 'dynamic' }, /fp16 computes in float/],
    [{ precision: 'int8', quantization: 'dynamic', scaleConstraint: 'power_of_two' }, /static quantization only/],
  ] as const)('refuses %j', (change, message) => {
    const sut = () => assertConsistent({ ...BUILT_IN_HARDWARE_PROFILES.cpu, ...change });

    expect(sut).toThrow(InconsistentHardwareProfileError);
    expect(sut).toThrow(message);
  });
});
