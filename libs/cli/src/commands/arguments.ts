import { usageError } from '../cli-error';

/** A commander argument parser for a whole number ≥ 1, failing as a usage error that names the flag. */
export function positiveInt(flag: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!Number.isSafeInteger(number) || number < 1) throw usageError(`${flag} ${value}: must be a whole number ≥ 1`);
    return number;
  };
}
