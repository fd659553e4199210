import { posix } from 'node:path';
import type { ExternalDataRef } from '@edgeplane/contracts';
import type { TensorVisit } from './graph-walk';
import { InvalidOnnxModelError } from './onnx-model.errors';
import { tensorBytes } from './tensor-size';

/** The tensor's external data entries as written; an absent or unreadable number becomes null. */
export function externalDataRef({ tensor, path, label }: TensorVisit): ExternalDataRef {
  const entries = new Map(tensor.externalData.map((entry) => [entry.key, entry.value]));
  return {
    tensor: label || path,
    location: entries.get('location') ?? '',
    offset: readByteCount(entries.get('offset')),
    length: readByteCount(entries.get('length')),
  };
}

/**
 * Refuses external data that could make a later reader open a file outside the model's own
 * directory (the ONNX spec makes `location` relative to it), or read a nonsensical range.
 */
export function checkExternalData(visit: TensorVisit): void {
  const entries = new Map(visit.tensor.externalData.map((entry) => [entry.key, entry.value]));
  const name = describeTensor(visit);
  const location = entries.get('location');
  if (!location) {
    throw new InvalidOnnxModelError(`external data of tensor ${name} has no location`, {
      reason: 'external_data_missing_location',
      tensor: visit.label,
      path: visit.path,
    });
  }
  if (!staysInModelDirectory(location)) {
    throw new InvalidOnnxModelError(
      `external data of tensor ${name} points outside the model directory: ${JSON.stringify(location)}; ` +
        'use a plain relative path such as "weights.bin"',
      { reason: 'external_data_outside_model_dir', tensor: visit.label, path: visit.path, location },
    );
  }
  for (const key of ['offset', 'length'] as const) {
    const text = entries.get(key);
    if (text !== undefined && readByteCount(text) === null) {
      const what = /^\s*-/.test(text) ? 'a negative' : 'an unreadable';
      throw new InvalidOnnxModelError(
        `external data of tensor ${name} has ${what} ${key}: ${JSON.stringify(text)}; ` +
          'it must be a whole number of bytes',
        { reason: 'external_data_bad_range', tensor: visit.label, path: visit.path, location },
      );
    }
  }
  const length = readByteCount(entries.get('length'));
  const expected = tensorBytes(visit.tensor);
  if (length !== null && BigInt(length) !== expected) {
    throw new InvalidOnnxModelError(
      `external data of tensor ${name} has length ${length} but its dims and type need ${expected} bytes`,
      { reason: 'data_size_mismatch', tensor: visit.label, path: visit.path, location },
    );
  }
}

/** `"conv1.weight"`, or the tensor's path when it has no name. */
export function describeTensor({ label, path }: TensorVisit): string {
  return label ? `${JSON.stringify(label)} (${path})` : `at ${path}`;
}

function staysInModelDirectory(location: string): boolean {
  if (location.includes('\0') || location.includes('\\')) return false;
  if (posix.isAbsolute(location) || /^[A-Za-z]:/.test(location)) return false;
  if (location.split('/').includes('..')) return false;
  // Belt and braces for whatever the rules above miss: resolve against a stand-in directory.
  const modelDirectory = '/model';
  return posix.resolve(modelDirectory, location).startsWith(`${modelDirectory}/`);
}

function readByteCount(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text.trim())) return null;
  const value = Number(text.trim());
  return Number.isSafeInteger(value) ? value : null;
}
