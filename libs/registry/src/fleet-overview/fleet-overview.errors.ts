import { EdgeplaneError } from '@edgeplane/contracts';

/** A time range the availability query cannot answer: empty, reversed, or too many points. */
export class InvalidAvailabilityRangeError extends EdgeplaneError {
  constructor(message: string) {
    super('invalid', 'fleet.invalid_range', message);
  }
}
