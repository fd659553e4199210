import type { ModelProto } from 'onnx-buf';
import { readModel } from '../../model-io';
import { validateModel } from '../../model-validation';
import { type RealModelName, realModelBytes } from '../../testing/onnx-test-models';
import { liftConstants } from '../lift-constants';
import { maxAbsDifference, runModel, seededInput } from '../testing/ort-run';
import { upgradeOpset } from './opset-upgrade';

// The PaddleOCR models arrive at opset 9 (cls, rec) and 11 (det) with their weights in Constant
// nodes: the path every uploaded model of that age takes before quantization.
const CASES: [RealModelName, number[]][] = [
  ['cls', [1, 3, 48, 192]],
  ['det', [1, 3, 96, 96]],
  ['rec', [1, 3, 48, 160]],
];

describe('liftConstants then upgradeOpset on the real models', () => {
  const sut = (model: ModelProto) => upgradeOpset(liftConstants(model), 13);

  it.each(CASES)('%s: valid, opset 13, same outputs in ONNX Runtime', async (name, dims) => {
    const original = readModel(realModelBytes(name));
    const feeds = { x: seededInput(20, dims, 0, 1) };

    const upgraded = sut(original);

    expect(() => validateModel(upgraded)).not.toThrow();
    expect(upgraded.opsetImport.map(({ domain, version }) => [domain, version])).toEqual([['', 13n]]);
    expect(upgraded.graph!.node.some((node) => node.opType === 'Constant')).toBe(false);
    const [before, after] = [await runModel(original, feeds), await runModel(upgraded, feeds)];
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const output of Object.keys(before)) {
      expect(maxAbsDifference(after[output], before[output])).toBeLessThanOrEqual(1e-5);
    }
  });
});
