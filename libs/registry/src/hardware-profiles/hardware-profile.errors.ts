import { EdgeplaneError } from '@edgeplane/contracts';

export class HardwareProfileNotFoundError extends EdgeplaneError {
  constructor(name: string, known: string[]) {
    super(
      'not_found',
      'hardware_profile.not_found',
      `No hardware profile named "${name}". Known profiles: ${known.join(', ')}.`,
    );
  }
}

export class HardwareProfileNameTakenError extends EdgeplaneError {
  constructor(name: string) {
    super('conflict', 'hardware_profile.name_taken', `A hardware profile named "${name}" exists already.`);
  }
}

export class BuiltInHardwareProfileError extends EdgeplaneError {
  constructor(name: string) {
    super(
      'conflict',
      'hardware_profile.built_in',
      `"${name}" is a built-in profile and cannot be changed or deleted; create a custom profile with ` +
        `"class": "${name}" instead.`,
    );
  }
}

export class HardwareProfileInUseError extends EdgeplaneError {
  constructor(name: string, devices: number) {
    super(
      'conflict',
      'hardware_profile.in_use',
      `Hardware profile "${name}" is used by ${devices} device(s); move them to another profile first.`,
      { devices },
    );
  }
}

export class InconsistentHardwareProfileError extends EdgeplaneError {
  constructor(problem: string) {
    super('invalid', 'hardware_profile.inconsistent', problem);
  }
}
