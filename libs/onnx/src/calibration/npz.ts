import { unzipSync, zipSync } from 'fflate';
import { EdgeplaneError } from '@edgeplane/contracts';
import type { FeedTensor } from '../verification/input-sets';
import { encodeNpy, isNpyType, NpyArray, parseNpy } from './npy';

/** An `.npz` that cannot be read, or arrays that cannot be written as one. */
export class NpzFormatError extends EdgeplaneError {
  constructor(readonly problem: string) {
    super('invalid', 'calibration.invalid_npz', problem);
  }
}

/**
 * Uncompressed bytes an `.npz` may hold in all: the default upload limit, so a compressed archive
 * may hold no more than an uncompressed upload could (and a zip bomb takes no more memory than one).
 */
export const MAX_NPZ_BYTES = 2 ** 31;

/**
 * Reads an `.npz` (a zip of `.npy` files, what `numpy.savez` writes, compressed or not): the arrays
 * by entry name without `.npy`. Names may hold `/`, as `inputs/x` does in self-test samples.
 */
export function readNpz(npz: Uint8Array, maxBytes = MAX_NPZ_BYTES): Map<string, NpyArray> {
  let files: Record<string, Uint8Array>;
  let declaredBytes = 0;
  // fflate allocates each entry at the size the archive declares (and cuts it there): capping the
  // declared sizes bounds the memory a zip bomb, or an archive that lies about its sizes, can take.
  const withinLimit = ({ name, originalSize }: { name: string; originalSize: number }) => {
    declaredBytes += originalSize;
    if (declaredBytes > maxBytes) {
      throw new NpzFormatError(`the archive declares more than ${maxBytes} bytes uncompressed (at ${name}); a calibration set must stay below that`);
    }
    return true;
  };
  try {
    files = unzipSync(npz, { filter: withinLimit });
  } catch (error) {
    if (error instanceof NpzFormatError) throw error;
    throw new NpzFormatError(`not an .npz (zip) file: ${(error as Error).message}`);
  }
  const entries = Object.entries(files).filter(([file]) => !file.endsWith('/')); // folder entries
  return new Map(
    entries.map(([file, bytes]) => {
      if (!file.endsWith('.npy')) throw new NpzFormatError(`${file} is not a .npy file`);
      return [file.slice(0, -'.npy'.length), parseNpy(bytes, file)];
    }),
  );
}

/** Writes arrays as an `.npz`, each as `<name>.npy`; the inverse of readNpz. */
export function writeNpz(arrays: Record<string, NpyArray>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(arrays).map(([name, array]) => [`${name}.npy`, encodeNpy(array)])));
}

/**
 * Stacks samples on a new leading axis, by tensor name: the layout of calibration sets and
 * self-test samples. Every sample must hold each tensor with the first one's type and dims.
 */
export function stackSamples(samples: Record<string, FeedTensor>[]): Record<string, NpyArray> {
  const names = Object.keys(samples[0] ?? {});
  return Object.fromEntries(
    names.map((name) => {
      const first = samples[0][name];
      if (!isNpyType(first.type)) throw new NpzFormatError(`${name} is ${first.type}, which .npy files here cannot hold`);
      const per = first.dims.reduce((a, b) => a * b, 1);
      const wrong = samples.find((sample) => sample[name]?.type !== first.type || sample[name]?.data.length !== per);
      if (wrong) throw new NpzFormatError(`every ${name} sample must hold ${per} ${first.type} values (dims ${first.dims.join('x')})`);
      const data = new (first.data.constructor as new (length: number) => NpyArray['data'])(per * samples.length);
      samples.forEach((sample, i) => (data as Float32Array).set(sample[name].data as Float32Array, i * per));
      return [name, { type: first.type, shape: [samples.length, ...first.dims], data }];
    }),
  );
}
