import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectModel } from '../inspect-model';
import { readModel } from '../model-io';
import { realModelBytes } from '../testing/onnx-test-models';
import { syntheticInputs } from './input-sets';
import {
  addModels,
  brokenAddModel,
  matMulModels,
  withConstantScaled,
} from './testing/verification-test-models';
import { measureOriginal } from './original-reference';
import { variantOutputs } from './variant-outputs';
import { verifyVariant, verifyVariantKeepingOutputs } from './verify-variant';

const inputsFor = (model: Uint8Array, count: number) =>
  syntheticInputs(inspectModel(readModel(model)), { count, seed: 2024 });
// A scratch directory of this spec's own: other test workers verify variants at the same time.
const scratchDirectory = mkdtempSync(join(tmpdir(), 'edgeplane-verify-spec-'));
const leftoverWorkDirectories = async () => readdir(scratchDirectory);
const SYNTHETIC = { inputSource: 'synthetic', accuracyFrom: 'host-kernels', latencyRuns: 3, scratchDirectory } as const;
afterAll(() => rmSync(scratchDirectory, { recursive: true, force: true }));

describe('verifyVariant in ONNX Runtime', () => {
  const sut = verifyVariant;
  const cls = realModelBytes('cls');
  const clsInputs = inputsFor(cls, 8);

  it('finds the real cls model identical to itself, with fp32 kernels only', async () => {
    const before = await leftoverWorkDirectories();

    const figures = await sut(cls, cls, clsInputs, SYNTHETIC);

    expect(figures).toMatchObject({
      inputs: { source: 'synthetic', count: 8 },
      accuracyMeasuredOn: 'host-kernels',
      cosine: 1,
      minCosine: 1,
      maxAbsError: 0,
      maxRelError: 0,
      top1Agreement: 1,
      sizeBytes: cls.byteLength,
      sizeRatio: 1,
      integerKernels: {},
    });
    expect(figures.hostLatencyMs.original).toBeGreaterThan(0);
    expect(figures.hostLatencyMs.variant).toBeGreaterThan(0);
    expect(await leftoverWorkDirectories()).toEqual(before); // the optimised graph is deleted
  });

  it('measures simulated int8 on an unoptimised session, still reporting the optimised kernels', async () => {
    const { float, dynamicInt8 } = matMulModels();
    const before = await leftoverWorkDirectories();

    const figures = await sut(float, dynamicInt8, inputsFor(float, 4), { ...SYNTHETIC, accuracyFrom: 'simulated-int8' });

    expect(figures.accuracyMeasuredOn).toBe('simulated-int8');
    expect(figures.integerKernels).toEqual({ DynamicQuantizeMatMul: 1 });
    expect(figures.cosine).toBeGreaterThan(0.999);
    expect(figures.hostLatencyMs.variant).toBeGreaterThan(0);
    expect(await leftoverWorkDirectories()).toEqual(before);
  });

  it('sees a cls copy with negated classifier weights as far off, its top-1 mostly flipped', async () => {
    const damaged = withConstantScaled(cls, 'fc_0.w_0', -1);

    const figures = await sut(cls, damaged, clsInputs, SYNTHETIC);

    expect(figures.cosine).toBeLessThan(0.9);
    expect(figures.minCosine).toBeLessThan(figures.cosine);
    expect(figures.maxAbsError).toBeGreaterThan(0.3);
    expect(figures.top1Agreement).toBeLessThan(0.5);
  });

  it('compares against the original measured once just as against its bytes', async () => {
    const damaged = withConstantScaled(cls, 'fc_0.w_0', -1);
    const reference = await measureOriginal(cls, clsInputs, 3);

    const [fromReference, fromBytes] = [await sut(reference, damaged, clsInputs, SYNTHETIC), await sut(cls, damaged, clsInputs, SYNTHETIC)];

    const { hostLatencyMs, ...accuracy } = fromReference;
    expect(accuracy).toEqual({ ...fromBytes, hostLatencyMs: undefined });
    expect(hostLatencyMs.original).toBe(reference.latencyMs);
    expect(reference.sizeBytes).toBe(cls.byteLength);
  });

  it('keeps the outputs of the host-kernel runs for the first inputs, and none from simulated int8', async () => {
    const { float, dynamicInt8 } = matMulModels();
    const inputs = inputsFor(float, 4);

    const onHost = await verifyVariantKeepingOutputs(float, dynamicInt8, inputs, { ...SYNTHETIC, keepHostOutputs: 2 });
    const simulated = await verifyVariantKeepingOutputs(float, dynamicInt8, inputs, {
      ...SYNTHETIC,
      accuracyFrom: 'simulated-int8',
      keepHostOutputs: 2,
    });

    expect(onHost.hostOutputs).toEqual(await variantOutputs(dynamicInt8, inputs.slice(0, 2)));
    expect(simulated.hostOutputs).toBeNull();
    expect(onHost.figures.cosine).toBeGreaterThan(0.999);
  });

  it('refuses a reference measured on other inputs', async () => {
    const reference = await measureOriginal(cls, clsInputs.slice(0, 2), 1);

    await expect(sut(reference, cls, clsInputs, SYNTHETIC)).rejects.toThrow(
      "the original's reference holds 2 inputs' outputs, not the 8 given",
    );
  });

  it('reports the kernel ORT fuses DynamicQuantizeLinear → MatMulInteger → Cast → Mul into', async () => {
    const { float, dynamicInt8 } = matMulModels();

    const figures = await sut(float, dynamicInt8, inputsFor(float, 4), SYNTHETIC);

    expect(figures.integerKernels).toEqual({ DynamicQuantizeMatMul: 1 });
    expect(figures.cosine).toBeGreaterThan(0.999);
    expect(figures.maxAbsError).toBeGreaterThan(0); // the activations were really quantized
    expect(figures.top1Agreement).toBeNull(); // y is not class scores
  });

  it('feeds a float16-input variant and decodes its float16 outputs', async () => {
    const { float, float16Io } = addModels();

    const figures = await sut(float, float16Io, inputsFor(float, 4), SYNTHETIC);

    expect(figures.cosine).toBeGreaterThan(0.9999);
    expect(figures.maxAbsError).toBeGreaterThan(0);
    expect(figures.maxRelError).toBeLessThan(2 ** -10);
  });

  it.each([
    ['renamed output', 'verification.missing_output', 'variant: output y of the original is missing'],
    ['transposed output', 'verification.output_shape_mismatch', 'variant: output y is [3, 2] on input 0'],
  ] as const)('refuses a variant with a %s, and cleans up', async (breakage, code, message) => {
    const { float } = addModels();
    const before = await leftoverWorkDirectories();

    const verifying = sut(float, brokenAddModel(breakage), inputsFor(float, 1), SYNTHETIC);

    await expect(verifying).rejects.toMatchObject({ code, message: expect.stringContaining(message) });
    expect(await leftoverWorkDirectories()).toEqual(before);
  });

  it('refuses an empty input set and a variant ORT cannot load', async () => {
    const { float } = addModels();

    await expect(sut(float, float, [], SYNTHETIC)).rejects.toMatchObject({ code: 'verification.no_inputs' });
    await expect(sut(float, float.subarray(0, 20), inputsFor(float, 1), SYNTHETIC)).rejects.toMatchObject({
      code: 'verification.model_failed',
      message: expect.stringContaining('variant: ONNX Runtime could not load it'),
    });
  });
});
