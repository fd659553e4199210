import { encodeNpy, parseNpy } from './npy';

describe('parseNpy', () => {
  it('reads a Node Buffer that is a slice of a larger pooled allocation', () => {
    const values = Float32Array.of(1.5, -2, 3.25);
    // Small Buffers share one pooled ArrayBuffer, so the file starts at an offset inside it.
    const sut = Buffer.from(encodeNpy({ type: 'float32', shape: [3], data: values }));
    expect(sut.buffer.byteLength).toBeGreaterThan(sut.byteLength);

    const array = parseNpy(sut, 'pooled.npy');

    expect(array.shape).toEqual([3]);
    expect(Array.from(array.data as Float32Array)).toEqual([1.5, -2, 3.25]);
  });
});

describe('parseNpy with view', () => {
  it('gives a view onto the bytes when the data is aligned, and a copy when it is not', () => {
    const file = encodeNpy({ type: 'float32', shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) });

    const viewed = parseNpy(file, 'aligned.npy', { view: true });
    const shifted = new Uint8Array(file.length + 1);
    shifted.set(file, 1);
    const copied = parseNpy(shifted.subarray(1), 'unaligned.npy', { view: true });

    expect(viewed.data.buffer).toBe(file.buffer);
    expect([...viewed.data]).toEqual([1, 2, 3, 4]);
    expect(copied.data.buffer).not.toBe(shifted.buffer);
    expect([...copied.data]).toEqual([1, 2, 3, 4]);
  });
});
