import type { ModelMetadata, TensorInfo } from '@edgeplane/contracts';
import { float16BitsToFloat32 } from '../float16/float16-arrays';
import { inspectModel } from '../inspect-model';
import { readModel } from '../model-io';
import { type RealModelName, realModelBytes } from '../testing/onnx-test-models';
import { DEFAULT_DIM, syntheticInputs } from './input-sets';

const realMetadata = (name: RealModelName) => inspectModel(readModel(realModelBytes(name)));
const withInputs = (...inputs: TensorInfo[]) => ({ inputs }) as ModelMetadata;

describe('syntheticInputs', () => {
  const sut = syntheticInputs;

  describe('on the real PaddleOCR models', () => {
    const metadata = { cls: realMetadata('cls'), det: realMetadata('det'), rec: realMetadata('rec') };

    const expectedDims: [RealModelName, number[]][] = [
      ['cls', [1, 3, 64, 64]],
      ['det', [1, 3, 64, 64]],
      ['rec', [1, 3, 48, 64]], // H is declared 48; W is symbolic
    ];

    it.each(expectedDims)('resolves the dims of %s: symbolic batch 1, others 64', (name, dims) => {
      const [input] = sut(metadata[name], { count: 1, seed: 1 });

      expect(Object.keys(input!.feeds)).toEqual(['x']);
      expect(input!.feeds.x).toMatchObject({ type: 'float32', dims });
      expect(input!.feeds.x!.data).toHaveLength(dims.reduce((product, dim) => product * dim, 1));
    });

    it('takes a hint by dim name exactly as given, batch dim included', () => {
      const dimHints = { 'p2o.DynamicDimension.0': 2, 'p2o.DynamicDimension.1': 100 };

      const [input] = sut(metadata.rec, { count: 1, seed: 1, dimHints });

      expect(input!.feeds.x!.dims).toEqual([2, 3, 48, 100]);
    });

    it('fills pixels uniformly over [-1, 1]', () => {
      const data = sut(metadata.cls, { count: 1, seed: 7 })[0]!.feeds.x!.data as Float32Array;
      const mean = data.reduce((sum, value) => sum + value, 0) / data.length;

      expect(Math.min(...data)).toBeGreaterThanOrEqual(-1);
      expect(Math.max(...data)).toBeLessThanOrEqual(1);
      expect(Math.min(...data)).toBeLessThan(-0.99);
      expect(Math.max(...data)).toBeGreaterThan(0.99);
      expect(Math.abs(mean)).toBeLessThan(0.02);
    });

    it('gives the same inputs for a seed, other inputs for another seed, and distinct samples', () => {
      const first = sut(metadata.cls, { count: 3, seed: 42 });
      const again = sut(metadata.cls, { count: 3, seed: 42 });
      const other = sut(metadata.cls, { count: 3, seed: 43 });

      expect(first).toHaveLength(3);
      expect(again).toEqual(first);
      expect(other[0]!.feeds.x!.data).not.toEqual(first[0]!.feeds.x!.data);
      expect(first[1]!.feeds.x!.data).not.toEqual(first[0]!.feeds.x!.data);
    });
  });

  it('uses the default for unnamed dims and for a symbolic first dim of a rank-1 input', () => {
    const inputs = sut(withInputs({ name: 'a', elementType: 'float32', shape: [null, null] }, {
      name: 'b', elementType: 'float32', shape: ['length'],
    }), { count: 1, seed: 1 });

    expect(inputs[0]!.feeds.a!.dims).toEqual([1, DEFAULT_DIM]);
    expect(inputs[0]!.feeds.b!.dims).toEqual([DEFAULT_DIM]);
  });

  it('fills integer inputs with 1, bytes over their full range and float16 with its bits', () => {
    const [input] = sut(withInputs(
      { name: 'ids', elementType: 'int64', shape: [1, 4] },
      { name: 'pixels', elementType: 'uint8', shape: [4096] },
      { name: 'half', elementType: 'float16', shape: [256] },
    ), { count: 1, seed: 3 });

    expect(input!.feeds.ids).toEqual({ type: 'int64', data: BigInt64Array.of(1n, 1n, 1n, 1n), dims: [1, 4] });
    const pixels = input!.feeds.pixels!.data as Uint8Array;
    expect([Math.min(...pixels), Math.max(...pixels)]).toEqual([0, 255]);
    const half = float16BitsToFloat32(input!.feeds.half!.data as Uint16Array);
    expect(Math.min(...half)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...half)).toBeGreaterThan(0.9);
  });

  it('refuses inputs it cannot generate, naming the input', () => {
    const strings = withInputs({ name: 'text', elementType: 'string', shape: [1] });
    const noRank = withInputs({ name: 'x', elementType: 'float32', shape: null });

    expect(() => sut(strings, { count: 1, seed: 1 })).toThrow(
      expect.objectContaining({
        code: 'verification.unsupported_input',
        message: expect.stringContaining('input text: cannot generate string values'),
      }),
    );
    expect(() => sut(noRank, { count: 1, seed: 1 })).toThrow('input x: the model does not declare its rank');
  });
});
