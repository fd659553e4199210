import { Tensor } from 'onnxruntime-node';
import { readModel } from '../../model-io';
import { realModelBytes } from '../../testing/onnx-test-models';
import { realTextInputs } from '../../testing/real-text-inputs';
import { liftConstants } from '../lift-constants';
import { maxAbsDifference, runModel } from '../testing/ort-run';
import { splitIdentityBranches } from './split-identity-branch';

// The PaddleOCR recogniser's nine square 1×1 Convs carry merged identity branches (max |diagonal|
// 14.5 to 237 × the off-diagonal RMS); the classifier's two (8 channels) are ordinary, at 1.4 and 1.5.

describe('splitIdentityBranches on the PaddleOCR models', () => {
  const sut = splitIdentityBranches;

  it('splits the recogniser\'s nine square 1×1 Convs and answers like fp32 within 1e-5 on real text', async () => {
    const original = liftConstants(readModel(realModelBytes('rec')));

    const { model, report } = sut(original);

    expect(report.split).toHaveLength(9);
    for (const { feeds } of realTextInputs('rec', 'evaluation').slice(0, 2)) {
      const ortFeeds = { x: new Tensor(feeds.x.type, feeds.x.data, feeds.x.dims) };
      const [before, after] = await Promise.all([runModel(original, ortFeeds), runModel(model, ortFeeds)]);
      for (const output of Object.keys(before)) {
        expect(maxAbsDifference(before[output], after[output])).toBeLessThan(1e-5);
      }
    }
  }, 60_000);

  it('leaves the classifier\'s square 1×1 Convs, whose diagonals do not dominate, alone', () => {
    const { report } = sut(liftConstants(readModel(realModelBytes('cls'))));

    expect(report.split).toEqual([]);
  });
});
