import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { ModelMetadata, TensorInfo } from '@edgeplane/contracts';
import { CalibrationSetError, readCalibrationSet, writeCalibrationSet } from './calibration-set';
import { encodeNpy } from './npy';

const metadataWith = (...inputs: TensorInfo[]) => ({ inputs }) as ModelMetadata;
const x = (shape: TensorInfo['shape']): TensorInfo => ({ name: 'x', elementType: 'float32', shape });
const floats = (count: number, offset = 0) => Float32Array.from({ length: count }, (_, i) => i + offset);

describe('calibration sets (.npz)', () => {
  it('reads what numpy.savez writes, uncompressed and compressed', () => {
    const plain = readFileSync(join(__dirname, 'testing', 'numpy-savez.npz'));
    const compressed = readFileSync(join(__dirname, 'testing', 'numpy-savez-compressed.npz'));

    const sut = readCalibrationSet(plain, metadataWith(x(['N', 2, 3])));
    const both = readCalibrationSet(
      compressed,
      metadataWith(x(['N', 2, 3]), { name: 'ids', elementType: 'int64', shape: ['N'] }),
    );

    expect(sut).toHaveLength(2);
    expect(sut[1].feeds.x.dims).toEqual([1, 2, 3]);
    expect(Array.from(sut[1].feeds.x.data as Float32Array)).toEqual([1.5, 1.75, 2, 2.25, 2.5, 2.75]);
    expect(Array.from(both[1].feeds.ids.data as BigInt64Array)).toEqual([9n]);
  });

  it('round-trips samples through writeCalibrationSet', () => {
    const samples = [0, 1, 2].map((i) => ({ feeds: { x: { type: 'float32' as const, data: floats(6, i * 10), dims: [1, 2, 3] } } }));

    const sut = readCalibrationSet(writeCalibrationSet(samples), metadataWith(x([1, 2, 3])));

    expect(sut.map((s) => Array.from(s.feeds.x.data as Float32Array))).toEqual(samples.map((s) => Array.from(s.feeds.x.data)));
  });

  const npz = (files: Record<string, Uint8Array>) => zipSync(files);
  const array = (shape: number[]) => encodeNpy({ type: 'float32', shape, data: floats(shape.reduce((a, b) => a * b, 1)) });

  it.each([
    ['a file that is not a zip', new Uint8Array([1, 2, 3]), /not an \.npz/],
    ['an array for no input', npz({ 'x.npy': array([2, 1, 2, 3]), 'y.npy': array([2, 1]) }), /y match no model input/],
    ['a missing input', npz({ 'z.npy': array([2, 1]) }), /no array for model input\(s\) x/],
    ['a fixed dim that differs', npz({ 'x.npy': array([2, 1, 2, 4]) }), /x dim 2 is 4, the model fixes it at 3/],
    ['a wrong rank', npz({ 'x.npy': array([2, 6]) }), /rank 1, the model declares rank 3/],
    ['a non-npy entry', npz({ 'x.csv': new Uint8Array([1]) }), /x\.csv is not a \.npy file/],
    ['a truncated npy', npz({ 'x.npy': array([2, 1, 2, 3]).subarray(0, 100) }), /x\.npy: holds/],
  ])('refuses %s with the reason', (_, bytes, reason) => {
    const sut = () => readCalibrationSet(bytes, metadataWith(x(['N', 2, 3])));

    expect(sut).toThrow(reason);
    expect(sut).toThrow(expect.objectContaining({ kind: 'invalid' }));
  });

  it('refuses an element type other than the declared one', () => {
    const ints = encodeNpy({ type: 'int32', shape: [1, 1, 2, 3], data: new Int32Array(6) });

    expect(() => readCalibrationSet(npz({ 'x.npy': ints }), metadataWith(x(['N', 2, 3])))).toThrow(
      new CalibrationSetError('x is int32, the model declares float32'),
    );
  });
});
