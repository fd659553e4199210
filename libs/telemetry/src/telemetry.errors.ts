import { EdgeplaneError } from '@edgeplane/contracts';

export class InvalidTimeRangeError extends EdgeplaneError {
  constructor(message: string) {
    super('invalid', 'telemetry.invalid_range', message);
  }
}
