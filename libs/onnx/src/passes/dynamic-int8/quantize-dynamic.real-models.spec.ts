import type { VerificationFigures } from '@edgeplane/contracts';
import { inspectModel } from '../../inspect-model';
import { readModel, writeModel } from '../../model-io';
import { type RealModelName, realModelBytes } from '../../testing/onnx-test-models';
import { realTextInputs } from '../../testing/real-text-inputs';
import { textLikeImage } from '../../testing/text-like-image';
import { type InputSet, syntheticInputs, verifyVariant } from '../../verification';
import { type DynamicInt8Report, quantizeDynamicInt8 } from './quantize-dynamic';

// The three PaddleOCR models quantized with 8-bit weights, as the cpu profile asks, and run in ORT
// (host kernels) next to their float32 originals. Measured on an AVX2 host without VNNI (ORT 1.30 CPU;
// synthetic inputs count 4 seed 1 / one text-like image / the 8 real text lines or 2 pages of the
// fixtures' evaluation split):
//   model  size ratio  cosine synthetic  text-like  real text  top-1 real  BN folded  identity split
//   cls    0.365       0.99986           1.00000    1.00000    1           35 of 35   0
//   det    0.278       0.9924            0.99653    0.99943    null         2 of 3    9
//   rec    0.269       0.99915           0.99933    0.99940    0.9959       6 of 6    9
// Integer kernels: cls DynamicQuantizeMatMul × 1, rec × 9, det none (Conv weights only).
// Splitting the merged identity branches off the square 1×1 Convs first is what meets the int8
// targets on real text (cosine ≥ 0.999, top-1 ≥ 99 %): before it, rec measured 0.99733 / 0.9939
// and det 0.99878, the loss all in the int8 Conv weights (MatMul-only: rec 0.99997). cls misses the
// 0.27 size target (its many small tensors stay float32); det's synthetic cosine measures noise
// (notes, pitfall 6). Each test asserts what is met.

interface Expectations {
  maxSizeRatio: number;
  /** BatchNormalizations folded into Convs (det's one after an Add cannot be). */
  batchNormsFolded: number;
  minSyntheticCosine: number;
  /** Null for cls: its synthetic check already compares class scores (top-1 agreement). */
  minTextLikeCosine: number | null;
  integerKernels: Record<string, number>;
  /** Square 1×1 Convs carrying a merged identity branch, split off before quantizing. */
  identityBranchesSplit: number;
}

const EXPECTED: Record<RealModelName, Expectations> = {
  cls: {
    maxSizeRatio: 0.37,
    batchNormsFolded: 35,
    minSyntheticCosine: 0.999,
    minTextLikeCosine: null,
    integerKernels: { DynamicQuantizeMatMul: 1 },
    identityBranchesSplit: 0,
  },
  // Uniform noise makes det answer ~1e-6 everywhere, so its cosine there measures noise (notes,
  // pitfall 6); the text-like image below is the meaningful check.
  det: {
    maxSizeRatio: 0.28,
    batchNormsFolded: 2,
    minSyntheticCosine: 0.99,
    minTextLikeCosine: 0.995,
    integerKernels: {},
    identityBranchesSplit: 9,
  },
  rec: {
    maxSizeRatio: 0.27,
    batchNormsFolded: 6,
    minSyntheticCosine: 0.999,
    minTextLikeCosine: 0.998,
    integerKernels: { DynamicQuantizeMatMul: 9 },
    identityBranchesSplit: 9,
  },
};

const TEXT_LINE_DIMS: Record<RealModelName, [number, number]> = { cls: [48, 192], det: [96, 96], rec: [48, 160] };

function textLikeInputs(name: RealModelName): InputSet {
  const [height, width] = TEXT_LINE_DIMS[name];
  return [{ feeds: { x: { type: 'float32', data: textLikeImage(7, height, width), dims: [1, 3, height, width] } } }];
}

const OPTIONS = { inputSource: 'synthetic', accuracyFrom: 'host-kernels', latencyRuns: 1 } as const;

describe.each(['cls', 'det', 'rec'] as const)('quantizeDynamicInt8 on the PaddleOCR %s model', (name) => {
  const sut = quantizeDynamicInt8;
  const expected = EXPECTED[name];
  const originalBytes = realModelBytes(name);
  const original = readModel(originalBytes);
  let quantizedBytes: Uint8Array;
  let report: DynamicInt8Report;
  let synthetic: VerificationFigures;

  beforeAll(async () => {
    const result = sut(original, { weightBits: 8 });
    report = result.report;
    quantizedBytes = writeModel(result.model);
    const inputs = syntheticInputs(inspectModel(original), { count: 4, seed: 1 });
    synthetic = await verifyVariant(originalBytes, quantizedBytes, inputs, OPTIONS);
  }, 30_000);

  it(`stores the model in at most ${expected.maxSizeRatio} of its float32 size`, () => {
    expect(synthetic.sizeRatio).toBeLessThanOrEqual(expected.maxSizeRatio);
    expect(report.weightsQuantized).toBeGreaterThan(0);
  });

  it(`folds ${expected.batchNormsFolded} BatchNormalizations into the Convs before quantizing`, () => {
    expect(report.batchNormFolding.folded).toBe(expected.batchNormsFolded);
  });

  it(`answers seeded synthetic inputs like the float32 model (cosine ≥ ${expected.minSyntheticCosine})`, () => {
    expect(synthetic.cosine).toBeGreaterThanOrEqual(expected.minSyntheticCosine);
    if (synthetic.top1Agreement !== null) expect(synthetic.top1Agreement).toBeGreaterThanOrEqual(0.99);
    expect(synthetic.maxAbsError).toBeGreaterThan(0); // it really was quantized
  });

  it('runs every quantized MatMul on ORT integer kernels', () => {
    expect(synthetic.integerKernels).toEqual(expected.integerKernels);
    expect(report.matmulsQuantized).toBe(expected.integerKernels.DynamicQuantizeMatMul ?? 0);
  });

  it(`splits the merged identity branches of ${expected.identityBranchesSplit} Convs off before quantizing`, () => {
    expect(report.identityBranches.split).toHaveLength(expected.identityBranchesSplit);
  });

  it('meets the int8 targets on real text images: cosine ≥ 0.999, top-1 agreement ≥ 99 %', async () => {
    const figures = await verifyVariant(originalBytes, quantizedBytes, realTextInputs(name, 'evaluation'), {
      ...OPTIONS,
      inputSource: 'calibration-set',
    });

    expect(figures.cosine).toBeGreaterThanOrEqual(0.999);
    if (name !== 'det') expect(figures.top1Agreement).toBeGreaterThanOrEqual(0.99);
  }, 60_000);

  const minTextLikeCosine = expected.minTextLikeCosine;
  if (minTextLikeCosine !== null) {
    it(`answers a text-like image like the float32 model (cosine ≥ ${minTextLikeCosine})`, async () => {
      const figures = await verifyVariant(originalBytes, quantizedBytes, textLikeInputs(name), OPTIONS);

      expect(figures.cosine).toBeGreaterThanOrEqual(minTextLikeCosine);
    });
  }
});
