import { EdgeplaneError } from '@edgeplane/contracts';

/** An array read from a `.npy` file (NumPy's format, https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html). */
export interface NpyArray {
  /** Element type in ONNX Runtime's vocabulary. */
  type: 'float32' | 'float64' | 'int64' | 'int32' | 'uint8' | 'int8';
  shape: number[];
  data: Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array | Int8Array;
}

export class NpyFormatError extends EdgeplaneError {
  constructor(file: string, problem: string) {
    super('invalid', 'calibration.invalid_npy', `${file}: ${problem}`, { file });
  }
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
// Little-endian only: every machine we run on is little-endian, and typed arrays use the host order.
const DTYPES: Record<string, { type: NpyArray['type']; bytes: number }> = {
  '<f4': { type: 'float32', bytes: 4 },
  '<f8': { type: 'float64', bytes: 8 },
  '<i8': { type: 'int64', bytes: 8 },
  '<i4': { type: 'int32', bytes: 4 },
  '|u1': { type: 'uint8', bytes: 1 },
  '|i1': { type: 'int8', bytes: 1 },
};

/** Whether arrays of this element type can be written as `.npy` (and read back by parseNpy). */
export function isNpyType(type: string): type is NpyArray['type'] {
  return Object.values(DTYPES).some((dtype) => dtype.type === type);
}

/**
 * Parses a `.npy` file (versions 1–3, C order, little-endian numeric types). The data is copied,
 * unless `view` is asked for and it sits aligned for its type in `bytes` (always, for the 64-byte
 * padded headers NumPy writes): then the array is a view onto `bytes`, for hot paths that own them.
 */
export function parseNpy(bytes: Uint8Array, file: string, { view: asView = false } = {}): NpyArray {
  if (bytes.length < 10 || !MAGIC.every((byte, i) => bytes[i] === byte)) {
    throw new NpyFormatError(file, 'not a .npy file (missing the \\x93NUMPY magic)');
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new NpyFormatError(file, `unreadable header ${header.trim()}`);
  const dtype = DTYPES[descr];
  if (!dtype) throw new NpyFormatError(file, `dtype ${descr} is not supported; use float32, float64, int64, int32, uint8 or int8`);
  if (fortran === 'True') throw new NpyFormatError(file, 'Fortran-ordered arrays are not supported; save with C order');
  const shape = shapeText.split(',').map((dim) => dim.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLength;
  if (bytes.length - dataStart !== count * dtype.bytes) {
    throw new NpyFormatError(file, `holds ${bytes.length - dataStart} data bytes, shape (${shape.join(', ')}) needs ${count * dtype.bytes}`);
  }
  const offset = bytes.byteOffset + dataStart;
  if (asView && offset % dtype.bytes === 0) {
    return { type: dtype.type, shape, data: typedArray(dtype.type, bytes.buffer, offset, count) };
  }
  // Copy so the typed array is aligned whatever the offset of the data in the file. Not
  // `bytes.slice()`: on a Node Buffer that is a view into the whole (often pooled) allocation.
  const data = new Uint8Array(bytes.subarray(dataStart));
  return { type: dtype.type, shape, data: typedArray(dtype.type, data.buffer, 0, count) };
}

/** Encodes an array as a version 1.0 `.npy` file. */
export function encodeNpy(array: NpyArray): Uint8Array {
  const descr = Object.entries(DTYPES).find(([, d]) => d.type === array.type)![0];
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  // The header is padded with spaces and a newline so that the data starts 64-byte aligned.
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + array.data.byteLength);
  out.set(MAGIC, 0);
  out.set([1, 0], 6);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength), 10 + header.length);
  return out;
}

function typedArray(type: NpyArray['type'], buffer: ArrayBufferLike, offset: number, count: number): NpyArray['data'] {
  switch (type) {
    case 'float32': return new Float32Array(buffer, offset, count);
    case 'float64': return new Float64Array(buffer, offset, count);
    case 'int64': return new BigInt64Array(buffer, offset, count);
    case 'int32': return new Int32Array(buffer, offset, count);
    case 'uint8': return new Uint8Array(buffer, offset, count);
    case 'int8': return new Int8Array(buffer, offset, count);
  }
}
