import { Tensor } from 'onnxruntime-node';
import { readModel, writeModel } from '../../model-io';
import { realModelBytes } from '../../testing/onnx-test-models';
import { textLikeImage } from '../../testing/text-like-image';
import { cosineSimilarity } from '../../verification/output-comparison';
import { runModel, type RunOutput } from '../testing/ort-run';
import { pruneByMagnitude } from './prune-magnitude';

// The PaddleOCR cls and rec models pruned and run in ORT (CPU) next to their originals, on three
// text-like inputs (seeds 7, 11, 23). Cosine of the output per input, measured here:
//
//   sparsity | cls [1,3,48,192] -> [1,2]  | rec [1,3,48,160] -> [1,20,6625]
//   0.01     | 0.999999 1.000000 0.999999  | 0.999997 0.999997 0.999995
//   0.2      | 0.926503 0.966854 0.983211  | 0.984982 0.968514 0.970357
//   0.5      | 0.938177 0.952460 0.986967  | 0.959096 0.969354 0.973432
//
// So 20 % does NOT keep cosine 0.999 on these inputs (the notes' 0.9999 came from seeded random
// inputs): magnitude pruning without fine-tuning fails the gate at 0.2 already. Diagnosis at 0.2,
// seed 7: leaving depthwise convs (group > 1) out lifts cls to 0.99902 and rec to 0.99332;
// pruning only MatMul gives cls 0.99760, rec 0.99985.

const INPUT_SHAPES = { cls: [1, 3, 48, 192], rec: [1, 3, 48, 160] } as const;
const SEEDS = [7, 11, 23];
const GATE_COSINE = 0.999;

describe.each(['cls', 'rec'] as const)('pruneByMagnitude on the PaddleOCR %s model', (name) => {
  const sut = pruneByMagnitude;
  const original = readModel(realModelBytes(name));
  const [, , height, width] = INPUT_SHAPES[name];
  const inputs = SEEDS.map((seed) => new Tensor('float32', textLikeImage(seed, height, width), [...INPUT_SHAPES[name]]));
  let expected: RunOutput[];

  beforeAll(async () => {
    expected = [];
    for (const x of inputs) expected.push(Object.values(await runModel(original, { x }))[0]);
  });

  /** Prunes, round-trips the bytes as the compiler would ship them, and compares per input. */
  async function prunedCosines(sparsity: number) {
    const { model: pruned, report } = sut(original, sparsity);
    const shipped = readModel(writeModel(pruned));
    const cosines: number[] = [];
    for (const [index, x] of inputs.entries()) {
      const actual = Object.values(await runModel(shipped, { x }))[0];
      cosines.push(cosineSimilarity(expected[index].data as number[], actual.data as number[]));
    }
    return { report, cosines };
  }

  it('answers as the original does at 1 % sparsity (cosine ≥ 0.9999)', async () => {
    const { report, cosines } = await prunedCosines(0.01);

    expect(report.achievedSparsity).toBeGreaterThanOrEqual(0.0099);
    expect(Math.min(...cosines)).toBeGreaterThanOrEqual(0.9999);
  });

  it.each([0.2, 0.5])('falls below the gate cosine 0.999 at sparsity %p, yet stays a working model', async (sparsity) => {
    const { report, cosines } = await prunedCosines(sparsity);

    expect(report.achievedSparsity).toBeCloseTo(sparsity, 3);
    expect(Math.min(...cosines)).toBeLessThan(GATE_COSINE);
    // Unlike pruning BatchNorm (argmax 0/40 in the notes), the answer keeps its direction.
    expect(Math.min(...cosines)).toBeGreaterThan(0.9);
  });
});
