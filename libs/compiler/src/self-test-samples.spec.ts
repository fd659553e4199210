import { SAMPLES_EXPECTED_PREFIX, SAMPLES_INPUT_PREFIX } from '@edgeplane/contracts';
import { inspectModel, readModel, readNpz, syntheticInputs } from '@edgeplane/onnx';
import { addModels, matMulModels } from '@edgeplane/onnx/verification/testing/verification-test-models';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { buildSelfTestSamples, MAX_SELF_TEST_SAMPLES } from './self-test-samples';

const inputsFor = (model: Uint8Array, count: number) => syntheticInputs(inspectModel(readModel(model)), { count, seed: 7 });

describe('buildSelfTestSamples', () => {
  it("stores the first inputs and the variant's own outputs on them", async () => {
    const variant = matMulModels().dynamicInt8;
    const inputs = inputsFor(variant, 6);

    const sut = readNpz((await buildSelfTestSamples(variant, inputs))!);

    expect([...sut.keys()].sort()).toEqual([`${SAMPLES_EXPECTED_PREFIX}y`, `${SAMPLES_INPUT_PREFIX}x`]);
    const x = sut.get(`${SAMPLES_INPUT_PREFIX}x`)!;
    const y = sut.get(`${SAMPLES_EXPECTED_PREFIX}y`)!;
    expect(x.shape).toEqual([MAX_SELF_TEST_SAMPLES, 1, 16]);
    expect(y.shape).toEqual([MAX_SELF_TEST_SAMPLES, 1, 4]);
    const session = await InferenceSession.create(variant);
    try {
      for (let i = 0; i < MAX_SELF_TEST_SAMPLES; i++) {
        expect(x.data.subarray(i * 16, (i + 1) * 16)).toEqual(inputs[i].feeds.x.data);
        const { y: actual } = await session.run({ x: new Tensor('float32', inputs[i].feeds.x.data as Float32Array, [1, 16]) });
        expect(y.data.subarray(i * 4, (i + 1) * 4)).toEqual(actual.data);
      }
    } finally {
      await session.release();
    }
  });

  it('stores the outputs verification kept instead of running the variant again', async () => {
    const variant = matMulModels().dynamicInt8;
    const inputs = inputsFor(variant, 6);
    const kept = inputs.slice(0, MAX_SELF_TEST_SAMPLES).map((_, index) => ({
      y: { type: 'float32' as const, data: new Float32Array(4).fill(index), dims: [1, 4] },
    }));

    const sut = readNpz((await buildSelfTestSamples(variant, inputs, kept))!);

    const y = sut.get(`${SAMPLES_EXPECTED_PREFIX}y`)!;
    expect([...y.data]).toEqual(kept.flatMap(({ y: output }) => [...output.data]));
  });

  // 80 bytes of input and output per row: 8 000 rows fit three samples in MAX_SELF_TEST_BYTES, 30 000 none.
  it.each([
    [8_000, 3],
    [30_000, 1],
  ])('keeps fewer samples when four would make a large file, but always one (%i rows: %i)', async (rows, count) => {
    const variant = matMulModels().float;
    const inputs = syntheticInputs(inspectModel(readModel(variant)), { count: 4, seed: 7, dimHints: { N: rows } });

    const sut = readNpz((await buildSelfTestSamples(variant, inputs))!);

    expect(sut.get(`${SAMPLES_INPUT_PREFIX}x`)!.shape).toEqual([count, rows, 16]);
    expect(sut.get(`${SAMPLES_EXPECTED_PREFIX}y`)!.shape).toEqual([count, rows, 4]);
  });

  it('gives none for a variant whose inputs a .npy cannot hold', async () => {
    const { float16Io } = addModels();

    await expect(buildSelfTestSamples(float16Io, inputsFor(float16Io, 2))).resolves.toBeNull();
  });
});
