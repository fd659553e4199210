import type { DeploymentGates } from '@edgeplane/contracts';
import { newLatencySketch } from '@edgeplane/contracts';
import { BakeFigures, errorRate, evaluateGates, mergedP95, percentOf } from './gate-arithmetic';

const sketchOf = (...latencies: number[]) => {
  const sketch = newLatencySketch();
  latencies.forEach((value) => sketch.accept(value));
  return sketch;
};
const repeat = (value: number, times: number) => Array.from({ length: times }, () => value);
const window = { from: new Date('2026-11-28T12:00:00Z'), to: new Date('2026-11-28T12:10:00Z') };
const absolute: DeploymentGates = { maxFailedPercent: 10, maxErrorRate: 0.01, maxP95LatencyMs: 40, minReportedPercent: 80 };
const figures = (fields: Partial<BakeFigures>): BakeFigures => ({
  deployable: 10,
  failed: 0,
  reported: 10,
  inferences: 1000,
  errors: 0,
  sketches: [sketchOf(...repeat(10, 100))],
  baselineSketches: [],
  ...fields,
});
const gate = (evaluation: ReturnType<typeof evaluateGates>, name: string) => evaluation.gates.find(({ gate }) => gate === name)!;

describe('gate arithmetic', () => {
  it('takes the p95 of the merged sketches, not the average of the devices\' p95s', () => {
    // 90 fast samples on one device, 10 slow on another: the fleet's p95 is slow (avg of p95s would be ~55).
    const sut = mergedP95([sketchOf(...repeat(10, 90)), sketchOf(...repeat(100, 10))]);

    expect(sut.samples).toBe(100);
    expect(sut.p95).toBeCloseTo(100, -1);
  });

  it('has no p95 without samples, no error rate without inferences, and no percent of nothing', () => {
    expect(mergedP95([])).toEqual({ p95: null, samples: 0 });
    expect(mergedP95([newLatencySketch()])).toEqual({ p95: null, samples: 0 });
    expect(errorRate(0, 0)).toBeNull();
    expect(percentOf(0, 0)).toBeNull();
  });

  it('counts errors against inferences plus errors, and percents of the deployable devices', () => {
    expect(errorRate(990, 10)).toBeCloseTo(0.01);
    expect(percentOf(1, 4)).toBe(25);
  });

  it('passes every gate within its threshold, thresholds inclusive', () => {
    const sut = evaluateGates(absolute, figures({ failed: 1, reported: 8, inferences: 990, errors: 10 }), window);

    expect(sut.passed).toBe(true);
    expect(sut.window).toEqual({ from: '2026-11-28T12:00:00.000Z', to: '2026-11-28T12:10:00.000Z' });
    expect(sut.gates.map(({ gate, measured, verdict }) => [gate, measured, verdict])).toEqual([
      ['maxFailedPercent', 10, 'passed'],
      ['maxErrorRate', expect.closeTo(0.01, 6), 'passed'],
      ['maxP95LatencyMs', expect.closeTo(10, 0), 'passed'],
      ['minReportedPercent', 80, 'passed'],
    ]);
    expect(gate(sut, 'maxErrorRate').samples).toEqual({ inferences: 990, errors: 10 });
  });

  it('fails each gate beyond its threshold', () => {
    const sut = evaluateGates(absolute, figures({ failed: 2, reported: 7, errors: 20, sketches: [sketchOf(...repeat(50, 100))] }), window);

    expect(sut.passed).toBe(false);
    expect(sut.gates.map(({ verdict }) => verdict)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(gate(sut, 'maxP95LatencyMs')).toMatchObject({ measured: expect.closeTo(50, 0), samples: { latencySamples: 100 } });
  });

  it('passes latency and error rate with "no data" when nothing ran, and lets the reported share catch the silence', () => {
    const sut = evaluateGates(absolute, figures({ reported: 0, inferences: 0, errors: 0, sketches: [] }), window);

    expect(gate(sut, 'maxErrorRate')).toMatchObject({ measured: null, verdict: 'passed', note: expect.stringMatching(/^no data/) });
    expect(gate(sut, 'maxP95LatencyMs')).toMatchObject({ measured: null, verdict: 'passed', note: expect.stringMatching(/^no data/) });
    expect(gate(sut, 'minReportedPercent')).toMatchObject({ measured: 0, verdict: 'failed' });
    expect(sut.passed).toBe(false);
  });

  it('passes a wave without deployable devices', () => {
    const sut = evaluateGates(absolute, figures({ deployable: 0, reported: 0, inferences: 0, sketches: [] }), window);

    expect(sut.passed).toBe(true);
    expect(gate(sut, 'minReportedPercent')).toMatchObject({ measured: null, note: 'no deployable devices' });
  });

  it('judges only failed devices for a wave without bake time, whose telemetry gates have no window', () => {
    const instant = { from: window.to, to: window.to };
    const silent = evaluateGates(absolute, figures({ reported: 0, inferences: 0, sketches: [] }), instant);
    const failing = evaluateGates(absolute, figures({ failed: 5, reported: 0, inferences: 0, sketches: [] }), instant);

    expect(silent.passed).toBe(true);
    expect(gate(silent, 'minReportedPercent')).toMatchObject({ measured: 0, verdict: 'passed', note: 'no bake (bakeSeconds 0): no telemetry window to judge' });
    expect(failing.passed).toBe(false);
    expect(gate(failing, 'maxFailedPercent')).toMatchObject({ measured: 50, verdict: 'failed' });
  });

  describe('p95 regression against the previous variant', () => {
    const relative: DeploymentGates = { maxFailedPercent: 10, maxErrorRate: 0.01, maxP95RegressionPercent: 20, minReportedPercent: 80 };

    it('measures the increase of the merged p95 over the baseline in percent', () => {
      // Sketches keep values within 1 %, so the percent is checked to within ±5 points.
      const within = evaluateGates(relative, figures({ sketches: [sketchOf(...repeat(110, 100))], baselineSketches: [sketchOf(...repeat(100, 100))] }), window);
      const beyond = evaluateGates(relative, figures({ sketches: [sketchOf(...repeat(130, 100))], baselineSketches: [sketchOf(...repeat(100, 100))] }), window);

      expect(gate(within, 'maxP95RegressionPercent')).toMatchObject({ measured: expect.closeTo(10, -1), verdict: 'passed', samples: { latencySamples: 100, baselineSamples: 100 } });
      expect(gate(beyond, 'maxP95RegressionPercent')).toMatchObject({ measured: expect.closeTo(30, -1), verdict: 'failed' });
      expect(beyond.gates.map(({ gate }) => gate)).not.toContain('maxP95LatencyMs');
    });

    it('passes without a baseline, saying so', () => {
      const sut = evaluateGates(relative, figures({ baselineSketches: [] }), window);

      expect(gate(sut, 'maxP95RegressionPercent')).toMatchObject({ measured: null, verdict: 'passed', note: expect.stringMatching(/^no baseline/) });
    });
  });
});
