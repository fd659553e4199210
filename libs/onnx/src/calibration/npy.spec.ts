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
