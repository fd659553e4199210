import { zipSync } from 'fflate';
import { lyingNpz } from './testing/zip-bomb';
import { readNpz, stackSamples, writeNpz } from './npz';

describe('.npz files', () => {
  it('round-trips arrays whose names hold a /, keeping types and shapes', () => {
    const image = { type: 'float32' as const, shape: [2, 1, 3], data: Float32Array.of(0.5, -1, 2, 3, 4.25, -5) };
    const ids = { type: 'int64' as const, shape: [2, 1], data: BigInt64Array.of(7n, -9007199254740993n) };

    const sut = readNpz(writeNpz({ 'inputs/x': image, 'expected/ids': ids }));

    expect([...sut.keys()].sort()).toEqual(['expected/ids', 'inputs/x']);
    expect(sut.get('inputs/x')).toEqual({ type: 'float32', shape: [2, 1, 3], data: image.data });
    expect(sut.get('expected/ids')).toEqual({ type: 'int64', shape: [2, 1], data: ids.data });
  });

  it('stacks samples on a new leading axis, by name', () => {
    const sample = (offset: number) => ({
      x: { type: 'float32' as const, data: Float32Array.of(offset, offset + 1), dims: [1, 2] },
      n: { type: 'int64' as const, data: BigInt64Array.of(BigInt(offset)), dims: [1] },
    });

    const sut = stackSamples([sample(0), sample(10), sample(20)]);

    expect(sut.x).toEqual({ type: 'float32', shape: [3, 1, 2], data: Float32Array.of(0, 1, 10, 11, 20, 21) });
    expect(sut.n).toEqual({ type: 'int64', shape: [3, 1], data: BigInt64Array.of(0n, 10n, 20n) });
  });

  it('refuses samples of different sizes and types a .npy cannot hold', () => {
    const x = (length: number) => ({ x: { type: 'float32' as const, data: new Float32Array(length), dims: [length] } });
    const half = { h: { type: 'float16' as const, data: new Uint16Array(2), dims: [2] } };

    expect(() => stackSamples([x(2), x(3)])).toThrow('every x sample must hold 2 float32 values (dims 2)');
    expect(() => stackSamples([half])).toThrow('h is float16, which .npy files here cannot hold');
  });

  it('refuses an archive declaring more uncompressed bytes than the limit before allocating them', () => {
    const bomb = lyingNpz('x.npy', 1024, 0xfffffff0); // declares 4 GiB

    expect(() => readNpz(bomb)).toThrow('the archive declares more than 2147483648 bytes uncompressed (at x.npy)');
    expect(() => readNpz(Buffer.from(zipSync({ 'a.npy': new Uint8Array(600), 'b.npy': new Uint8Array(600) })), 1000)).toThrow('more than 1000 bytes uncompressed (at b.npy)');
  });

  it('refuses an archive entry that is not a .npy file', () => {
    expect(() => readNpz(zipSync({ 'notes.txt': new Uint8Array([1]) }))).toThrow('notes.txt is not a .npy file');
    expect(() => readNpz(new Uint8Array([1, 2, 3]))).toThrow(/^not an \.npz \(zip\) file/);
  });
});
