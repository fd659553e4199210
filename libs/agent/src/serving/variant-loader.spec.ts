import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLS_MODEL_PATH, clsSamples } from '../testing/cls-model';
import { VariantLoader, type VariantToLoad } from './variant-loader';

const VARIANT: VariantToLoad = {
  model: 'text-direction',
  variantId: '019a0000-0000-7000-8000-0000000000a1',
  modelPath: CLS_MODEL_PATH,
  samplesPath: null,
  runtime: { executionProviders: ['cpu'], intraOpThreads: 1 },
};

describe('VariantLoader', () => {
  const sut = new VariantLoader(['cpu']);
  const directory = mkdtempSync(join(tmpdir(), 'agent-loader-'));

  it('loads a real model whose outputs match its samples', async () => {
    const samplesPath = join(directory, 'good.npz');
    writeFileSync(samplesPath, await clsSamples());
    const loaded = await sut.load({ ...VARIANT, samplesPath });
    expect(loaded.inputs).toEqual([{ name: 'x', type: 'float32', shape: [expect.any(String), 3, expect.any(String), expect.any(String)] }]);
    loaded.retire();
    await loaded.closed();
  });

  it('loads without samples when a run on zeros gives finite outputs', async () => {
    const loaded = await sut.load(VARIANT);
    loaded.retire();
    expect(loaded.isReleased).toBe(true);
  });

  it('refuses a model whose outputs differ from the expected ones', async () => {
    const samplesPath = join(directory, 'wrong.npz');
    writeFileSync(samplesPath, await clsSamples({ corrupt: true }));
    await expect(sut.load({ ...VARIANT, samplesPath })).rejects.toThrow(
      /^self-test failed: output softmax_0\.tmp_0 of sample 0 has cosine -?0\.\d+ to the expected one, needs 0\.999$/,
    );
  });

  it("passes on ONNX Runtime's reason for a file it cannot load", async () => {
    const modelPath = join(directory, 'garbage.onnx');
    writeFileSync(modelPath, 'not a model');
    await expect(sut.load({ ...VARIANT, modelPath })).rejects.toThrow(/^model failed to load: .+/);
  });

  it('refuses a variant whose execution providers this device lacks', async () => {
    await expect(sut.load({ ...VARIANT, runtime: { executionProviders: ['tensorrt'], intraOpThreads: 0 } })).rejects.toThrow(
      'model failed to load: none of its execution providers (tensorrt) is available here (cpu)',
    );
  });
});
