import { Tensor } from 'onnxruntime-node';
import type { ModelProto } from 'onnx-buf';
import { walkNodes } from '../../graph-walk';
import { readModel } from '../../model-io';
import { type RealModelName, realModelBytes } from '../../testing/onnx-test-models';
import { textLikeImage } from '../../testing/text-like-image';
import { liftConstants } from '../lift-constants';
import { maxAbsDifference, runModel, seededInput } from '../testing/ort-run';
import { foldBatchNorm } from './fold-batch-norm';

// The three PaddleOCR models (after liftConstants) folded and run in ORT beside the originals.
// Measured on this host (ORT 1.30 CPU), two seeded noise inputs and one text-like image:
//   model  BatchNormalization before → after   largest max abs difference  (output range)
//   cls    35 → 0                               1.2e-6                      softmax ≤ 0.85
//   det     3 → 1 (the one after an Add stays)  1.2e-5 (text-like)          sigmoid ≤ 1
//   rec     6 → 0                               4.8e-6                      softmax ≤ 0.997

interface Expectations {
  batchNormsBefore: number;
  batchNormsAfter: number;
  skippedReasons: string[];
  /** Input height and width the model accepts. */
  dims: [number, number];
}

const EXPECTED: Record<RealModelName, Expectations> = {
  cls: { batchNormsBefore: 35, batchNormsAfter: 0, skippedReasons: [], dims: [48, 192] },
  det: {
    batchNormsBefore: 3,
    batchNormsAfter: 1,
    skippedReasons: ['its input comes from Add, not a Conv'],
    dims: [96, 96],
  },
  rec: { batchNormsBefore: 6, batchNormsAfter: 0, skippedReasons: [], dims: [48, 160] },
};

const batchNorms = (model: ModelProto) =>
  [...walkNodes(model)].filter(({ node }) => node.opType === 'BatchNormalization').length;

describe.each(['cls', 'det', 'rec'] as const)('foldBatchNorm on the PaddleOCR %s model', (name) => {
  const sut = foldBatchNorm;
  const expected = EXPECTED[name];
  const original = liftConstants(readModel(realModelBytes(name)));
  const [height, width] = expected.dims;
  const inputName = original.graph!.input[0].name;
  const inputs = [
    seededInput(1, [1, 3, height, width], -2, 2),
    seededInput(2, [1, 3, height, width], -2, 2),
    new Tensor('float32', textLikeImage(7, height, width), [1, 3, height, width]),
  ];

  const folds = expected.batchNormsBefore - expected.batchNormsAfter;

  it(`folds ${folds} of ${expected.batchNormsBefore} BatchNormalizations, reporting the others`, () => {
    const { model, report } = sut(original);

    expect(batchNorms(original)).toBe(expected.batchNormsBefore);
    expect(batchNorms(model)).toBe(expected.batchNormsAfter);
    expect(report.folded).toBe(folds);
    expect(report.skipped.map(({ reason }) => reason)).toEqual(expected.skippedReasons);
  });

  it('answers like the original within 1e-4 (max abs) on seeded noise and a text-like image', async () => {
    const { model } = sut(original);

    for (const input of inputs) {
      const [before, after] = await Promise.all([
        runModel(original, { [inputName]: input }),
        runModel(model, { [inputName]: input }),
      ]);
      for (const output of Object.keys(before)) {
        expect(maxAbsDifference(before[output], after[output])).toBeLessThan(1e-4);
      }
    }
  });
});
