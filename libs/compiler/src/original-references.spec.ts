import { inspectModel, readModel, syntheticInputs } from '@edgeplane/onnx';
import { realModelBytes } from '../../onnx/src/testing/onnx-test-models';
import { OriginalReferences } from './original-references';

describe('OriginalReferences', () => {
  const cls = realModelBytes('cls');
  const inputs = syntheticInputs(inspectModel(readModel(cls)), { count: 2, seed: 7 });

  it('measures a model on its inputs once, however many jobs ask at the same time', async () => {
    const sut = new OriginalReferences();

    const [first, second] = await Promise.all([sut.get('cls:set', cls, inputs), sut.get('cls:set', cls, inputs)]);

    expect(second).toBe(first);
    expect(first.outputs).toHaveLength(2);
    expect(first.latencyMs).toBeGreaterThan(0);
  });

  it('forgets a measurement that failed, so that a retry measures again', async () => {
    const sut = new OriginalReferences();

    await expect(sut.get('cls:set', cls.subarray(0, 40), inputs)).rejects.toThrow('original: ONNX Runtime could not load it');

    await expect(sut.get('cls:set', cls, inputs)).resolves.toMatchObject({ sizeBytes: cls.byteLength });
  });

  it('keeps the two most recently used references', async () => {
    const sut = new OriginalReferences();
    const first = await sut.get('a', cls, inputs);
    const second = await sut.get('b', cls, inputs);
    expect(await sut.get('a', cls, inputs)).toBe(first); // a is now the more recent

    await sut.get('c', cls, inputs);

    expect(await sut.get('a', cls, inputs)).toBe(first);
    expect(await sut.get('b', cls, inputs)).not.toBe(second); // evicted, measured again
  });
});
