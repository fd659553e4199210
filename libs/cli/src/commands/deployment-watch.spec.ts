import { gateLines } from './deployment-watch';

describe('gateLines', () => {
  it('shows measured figures as a person reads them, and says when there was nothing to measure', () => {
    const sut = gateLines({
      passed: true,
      window: { from: '2026-11-29T01:52:53.000Z', to: '2026-11-29T01:53:03.000Z' },
      gates: [
        { gate: 'maxP95LatencyMs', threshold: 50, measured: 7.463444236137893, samples: { sketches: 1 }, verdict: 'passed' },
        { gate: 'maxErrorRate', threshold: 0.01, measured: null, samples: {}, verdict: 'passed', note: 'no data' },
      ],
    });

    expect(sut).toEqual(['gates passed', 'ok   maxP95LatencyMs: measured 7.46 (threshold 50)', 'ok   maxErrorRate: measured nothing (threshold 0.01) — no data']);
  });
});
