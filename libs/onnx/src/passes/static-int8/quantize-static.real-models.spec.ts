import { ASIC_OPERATOR_ALLOWLIST, type VerificationFigures } from '@edgeplane/contracts';
import { inspectModel } from '../../inspect-model';
import { readModel, writeModel } from '../../model-io';
import { type RealModelName, realModelBytes } from '../../testing/onnx-test-models';
import { syntheticInputs, verifyVariant } from '../../verification';
import { quantizeStaticInt8, type StaticInt8Options, type StaticInt8Report } from './quantize-static';

// PaddleOCR models quantized with fpga-like and asic-like settings, calibrated on one seeded input
// set and verified in ORT on another, measured as the compiler measures static variants: simulated
// int8 (unfused QDQ), which a device accumulating in int32 computes. The figures below are those; a
// VNNI host's kernels gave the same to ±0.001, while this AVX2 host's saturate (cls asic-like 0.915,
// det 0.62). rec (10.8 MB) takes ~12 s per setting and is left out to keep the suite quick; its
// figures are in the pass's report to the lead.

const FPGA_LIKE: StaticInt8Options = { powerOfTwo: true, perChannelWeights: false, operatorAllowlist: null };
const ASIC_LIKE: StaticInt8Options = {
  powerOfTwo: false,
  perChannelWeights: true,
  operatorAllowlist: [...ASIC_OPERATOR_ALLOWLIST],
};

async function quantizeAndVerify(name: RealModelName, options: StaticInt8Options) {
  const bytes = realModelBytes(name);
  const original = readModel(bytes);
  const metadata = inspectModel(original);
  const calibration = syntheticInputs(metadata, { count: 8, seed: 1 });
  const verification = syntheticInputs(metadata, { count: 8, seed: 2 });
  const { model, report } = await quantizeStaticInt8(original, calibration, options);
  const figures = await verifyVariant(bytes, writeModel(model), verification, {
    inputSource: 'synthetic',
    accuracyFrom: 'simulated-int8',
    latencyRuns: 1,
  });
  return { report, figures };
}

const fallbackTypes = (report: StaticInt8Report) =>
  [...new Set(report.hostFallback.map(({ opType }) => opType))].sort();

describe('quantizeStaticInt8 on the PaddleOCR cls model', () => {
  let fpga: { report: StaticInt8Report; figures: VerificationFigures };
  let asic: { report: StaticInt8Report; figures: VerificationFigures };

  beforeAll(async () => {
    fpga = await quantizeAndVerify('cls', FPGA_LIKE);
    asic = await quantizeAndVerify('cls', ASIC_LIKE);
  }, 30_000);

  it('quantizes all 53 Convs and the classifier MatMul', () => {
    expect(asic.report.quantizedNodes).toBe(54);
  });

  it('runs every Conv as QLinearConv with per-channel weights, and the residual Adds as QLinearAdd', () => {
    // With the BatchNormalizations folded, both inputs of each residual Add come from a quantized Conv.
    expect(asic.figures.integerKernels).toEqual({ QLinearConv: 53, QLinearAdd: 7, QLinearMatMul: 1 });
  });

  it('folds all 35 BatchNormalizations into their Convs with per-channel weights, none with power-of-two', () => {
    expect(asic.report.batchNormFolding).toEqual({ folded: 35, skipped: [] });
    expect(fpga.report.batchNormFolding).toBeUndefined();
  });

  it('misses the 0.99 cosine target with per-channel weights once folded (simulated int8 0.9812): a known gap', () => {
    // Unfolded it measured 0.9929 on these noise inputs (0.99923 → 0.99868 on text-like images):
    // folding moves the quantized activation after the BatchNormalization, whose channels differ
    // more in range, so it costs a little accuracy for taking 35 nodes off the host-fallback list.
    expect(asic.figures.cosine).toBeGreaterThan(0.98);
    expect(asic.figures.cosine).toBeLessThan(0.99);
  });

  it('stores it in under half its size, short of the 0.3 target (measured 0.439 asic, 0.440 fpga)', () => {
    // A 0.58 MB model: per-channel scales and int32 biases (and, for fpga, the float BatchNorm
    // parameters) weigh a lot next to 0.15 M int8 weights. Zero points of 0 are left out (0.48 asic
    // with them).
    expect(asic.figures.sizeRatio).toBeLessThan(0.45);
    expect(fpga.figures.sizeRatio).toBeLessThan(0.45);
  });

  it('reports only the hard-swish Divs and shape arithmetic as host fallback, no BatchNormalization', () => {
    expect(fallbackTypes(asic.report)).toEqual(['Cast', 'Div', 'Shape']);
    expect(asic.report.hostFallback).toHaveLength(22); // 57 before folding
  });

  it('power-of-two scales cost accuracy: cosine below the 0.99 target (simulated int8 0.979)', () => {
    // Rounding every scale up to 2^k wastes up to half of the int8 range at each of ~100 tensors.
    expect(fpga.figures.cosine).toBeGreaterThan(0.97);
    expect(fpga.figures.cosine).toBeLessThan(0.99);
  });

  it('with power-of-two scales, ORT fuses fewer Convs (measured 46 of 53)', () => {
    expect(fpga.figures.integerKernels).toEqual({ QLinearConv: 46, QLinearMatMul: 1 });
  });
});

describe('quantizeStaticInt8 on the PaddleOCR det model (asic-like)', () => {
  let asic: { report: StaticInt8Report; figures: VerificationFigures };

  beforeAll(async () => {
    asic = await quantizeAndVerify('det', ASIC_LIKE);
  }, 30_000);

  it('runs every Conv as QLinearConv and stores the model in at most 0.3 of its size', () => {
    expect(asic.figures.integerKernels).toEqual({ QLinearConv: 62, QLinearGlobalAveragePool: 8 });
    expect(asic.figures.sizeRatio).toBeLessThanOrEqual(0.3);
  });

  it('folds 2 of its 3 BatchNormalizations; the one after an Add stays as host fallback', () => {
    const skipped = [{ node: expect.any(String), reason: 'its input comes from Add, not a Conv' }];
    expect(asic.report.batchNormFolding).toEqual({ folded: 2, skipped });
    expect(fallbackTypes(asic.report)).toContain('BatchNormalization');
  });

  it('misses the 0.99 cosine target on synthetic inputs (simulated int8 0.77, folded or not): a known gap', () => {
    // Random inputs give det a near-zero probability map (max abs error 4e-7), where cosine
    // measures noise; folding its BatchNormalizations changes it little either way.
    expect(asic.figures.cosine).toBeLessThan(0.99);
    expect(asic.figures.maxAbsError).toBeLessThan(1e-3);
  });
});
