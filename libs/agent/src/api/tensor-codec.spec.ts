import { encodeNpy } from '@edgeplane/onnx/calibration/npy';
import type { TensorSignature } from '../serving/loaded-variant';
import { InvalidInputError } from './inference-api.errors';
import { tensorFromNpy } from './tensor-codec';

describe('tensorFromNpy', () => {
  const signature: TensorSignature = { name: 'x', type: 'float32', shape: ['batch', 3, 2] };
  const values = Float32Array.from({ length: 6 }, (_, index) => index * 0.5 - 1);
  const npy = () => Buffer.from(encodeNpy({ type: 'float32', shape: [1, 3, 2], data: values }));

  it('reads an aligned body in place, without copying the data', () => {
    const body = npy();

    const sut = tensorFromNpy(body, signature);

    expect(sut.dims).toEqual([1, 3, 2]);
    expect(sut.data).toEqual(values);
    expect((sut.data as Float32Array).buffer).toBe(body.buffer);
  });

  it('copies a body whose data is not aligned for its type, with the same values', () => {
    const unaligned = Buffer.alloc(npy().length + 1).subarray(1);
    npy().copy(unaligned);

    const sut = tensorFromNpy(unaligned, signature);

    expect(sut.data).toEqual(values);
    expect((sut.data as Float32Array).buffer).not.toBe(unaligned.buffer);
  });

  it.each([
    ['a truncated body', () => npy().subarray(0, npy().length - 4), /holds 20 data bytes, shape \(1, 3, 2\) needs 24/],
    ['another element type', () => Buffer.from(encodeNpy({ type: 'int32', shape: [1, 3, 2], data: new Int32Array(6) })), /must have type float32, the \.npy holds int32/],
    ['dims that break a fixed dimension', () => Buffer.from(encodeNpy({ type: 'float32', shape: [1, 2, 3], data: values })), /dim 1 must be 3/],
    ['a body that is not .npy', () => Buffer.from('{"inputs": {}}'), /not a \.npy file/],
  ])('refuses %s, saying why', (_case, body, message) => {
    expect(() => tensorFromNpy(body(), signature)).toThrow(InvalidInputError);
    expect(() => tensorFromNpy(body(), signature)).toThrow(message);
  });
});
