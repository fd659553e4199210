import { EdgeplaneError, ModelMetadata } from '@edgeplane/contracts';
import type { FeedTensor, InputSet } from '../verification/input-sets';
import type { NpyArray } from './npy';
import { NpzFormatError, readNpz, stackSamples, writeNpz } from './npz';

/** A calibration set can hold up to this many samples; more adds compile time and no accuracy. */
export const MAX_CALIBRATION_SAMPLES = 512;

export class CalibrationSetError extends EdgeplaneError {
  constructor(problem: string) {
    super('invalid', 'calibration.invalid', `calibration set: ${problem}`);
  }
}

/**
 * Reads a calibration set: an `.npz` (zip) with one `<input name>.npy` per model input, each holding
 * the samples stacked on a leading axis — what `numpy.savez(path, x=samples)` writes. Checked against
 * the model's declared inputs: every input present, element type and fixed dims matching, the same
 * number of samples everywhere.
 */
export function readCalibrationSet(npz: Uint8Array, metadata: ModelMetadata): InputSet {
  const arrays = readArrays(npz);
  const missing = metadata.inputs.filter((input) => !arrays.has(input.name)).map((input) => input.name);
  if (missing.length > 0) throw new CalibrationSetError(`no array for model input(s) ${missing.join(', ')}`);
  const unknown = [...arrays.keys()].filter((name) => !metadata.inputs.some((input) => input.name === name));
  if (unknown.length > 0) throw new CalibrationSetError(`array(s) ${unknown.join(', ')} match no model input`);
  const counts = new Set([...arrays.values()].map((array) => array.shape[0]));
  if (counts.size !== 1) throw new CalibrationSetError(`inputs hold different sample counts (${[...counts].join(', ')})`);
  const samples = [...counts][0] ?? 0;
  if (samples < 1 || samples > MAX_CALIBRATION_SAMPLES) {
    throw new CalibrationSetError(`holds ${samples} samples; give between 1 and ${MAX_CALIBRATION_SAMPLES}`);
  }
  for (const input of metadata.inputs) checkAgainstDeclaration(input, arrays.get(input.name)!);
  return Array.from({ length: samples }, (_, index) => ({
    feeds: Object.fromEntries([...arrays].map(([name, array]) => [name, sample(array, index)])),
  }));
}

/** Writes samples as a calibration set (`.npz`), the inverse of readCalibrationSet. */
export function writeCalibrationSet(inputs: InputSet): Uint8Array {
  return writeNpz(stackSamples(inputs.map((input) => input.feeds)));
}

function readArrays(npz: Uint8Array): Map<string, NpyArray> {
  let arrays: Map<string, NpyArray>;
  try {
    arrays = readNpz(npz);
  } catch (error) {
    // Uploads answer every problem with the archive as calibration.invalid, the code clients know.
    throw error instanceof NpzFormatError ? new CalibrationSetError(error.problem) : error;
  }
  if (arrays.size === 0) throw new CalibrationSetError('the archive is empty');
  return arrays;
}

function checkAgainstDeclaration(input: ModelMetadata['inputs'][number], array: NpyArray): void {
  if (array.type !== input.elementType) {
    throw new CalibrationSetError(`${input.name} is ${array.type}, the model declares ${input.elementType}`);
  }
  const dims = array.shape.slice(1);
  if (input.shape && input.shape.length !== dims.length) {
    throw new CalibrationSetError(`${input.name} samples have rank ${dims.length}, the model declares rank ${input.shape.length}`);
  }
  input.shape?.forEach((declared, axis) => {
    if (typeof declared === 'number' && declared >= 0 && declared !== dims[axis]) {
      throw new CalibrationSetError(`${input.name} dim ${axis} is ${dims[axis]}, the model fixes it at ${declared}`);
    }
  });
}

function sample(array: NpyArray, index: number): FeedTensor {
  const dims = array.shape.slice(1);
  const per = dims.reduce((a, b) => a * b, 1);
  const data = array.data.subarray(index * per, (index + 1) * per);
  return { type: array.type, data, dims } as FeedTensor;
}
