import { decodeLatencySketch } from '@edgeplane/contracts';
import { InferenceStats } from './inference-stats';

const VARIANT = '019a0000-0000-7000-8000-0000000000a1';
const IDLE = '019a0000-0000-7000-8000-0000000000a2';

describe('InferenceStats', () => {
  it('reports percentiles within 1 % of the exact ones, the exact max, and a mergeable sketch', () => {
    const sut = new InferenceStats();
    const latencies = Array.from({ length: 1000 }, (_, index) => 2 + index / 100); // 2.00 … 11.99 ms
    latencies.forEach((ms) => sut.recordSuccess('rec', VARIANT, ms));
    sut.recordError('rec', VARIANT);

    const [variant] = sut.takeWindow([]);
    const exact = (q: number) => latencies[Math.ceil(q * latencies.length) - 1];
    expect(variant).toMatchObject({ variantId: VARIANT, model: 'rec', inferences: 1000, errors: 1 });
    for (const [key, q] of [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const) {
      expect(Math.abs(variant.latencyMs![key] - exact(q)) / exact(q)).toBeLessThanOrEqual(0.01);
    }
    expect(variant.latencyMs!.max).toBe(11.99);
    expect(decodeLatencySketch(variant.sketch!).count).toBe(1000);
  });

  it('starts a fresh interval on every take and lists idle serving variants with no latency', () => {
    const sut = new InferenceStats();
    sut.recordSuccess('rec', VARIANT, 5);
    sut.takeWindow([]);
    expect(sut.takeWindow([{ model: 'cls', variantId: IDLE }])).toEqual([
      { variantId: IDLE, model: 'cls', inferences: 0, errors: 0, latencyMs: null, sketch: null },
    ]);
  });
});
