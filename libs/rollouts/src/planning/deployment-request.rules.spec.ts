import { deploymentRequestProblems, DeploymentRequestParts } from './deployment-request.rules';

const valid: DeploymentRequestParts = {
  target: { selector: 'site=berlin' },
  strategy: { kind: 'waves', waves: [{ percent: 10, bakeSeconds: 60 }, { bakeSeconds: 60 }] },
  gates: { maxFailedPercent: 5, maxErrorRate: 0.01, maxP95LatencyMs: 40, minReportedPercent: 80 },
};
const fields = (parts: Partial<DeploymentRequestParts>) => deploymentRequestProblems({ ...valid, ...parts }).map((problem) => problem.field);

describe('deploymentRequestProblems', () => {
  it('accepts a valid request, with exact percents adding up to 100', () => {
    expect(deploymentRequestProblems(valid)).toEqual([]);
    expect(fields({ strategy: { kind: 'waves', waves: [{ percent: 33.3, bakeSeconds: 0 }, { percent: 33.3, bakeSeconds: 0 }, { percent: 33.4, bakeSeconds: 0 }] } })).toEqual([]);
  });

  it('wants at least one target criterion', () => {
    expect(fields({ target: {} })).toEqual(['target']);
  });

  it('refuses percents over 100 % in total, saying by how much', () => {
    const [problem] = deploymentRequestProblems({ ...valid, strategy: { kind: 'waves', waves: [{ percent: 60, bakeSeconds: 0 }, { percent: 50, bakeSeconds: 0 }] } });
    expect(problem).toEqual({ field: 'strategy.waves', problems: [expect.stringContaining('add up to 110 %, over 100 %')] });
  });

  it('wants each wave but the last sized by exactly one of percent and count', () => {
    const waves = [{ bakeSeconds: 0 }, { percent: 5, count: 2, bakeSeconds: 0 }, { bakeSeconds: 0 }];
    expect(fields({ strategy: { kind: 'waves', waves } })).toEqual(['strategy.waves.0', 'strategy.waves.1']);
  });

  it('keeps the fields of one strategy kind out of the other', () => {
    expect(fields({ strategy: { kind: 'all-at-once', bakeSeconds: 0, waves: [] } })).toEqual(['strategy.waves']);
    expect(fields({ strategy: { kind: 'waves', waves: [{ bakeSeconds: 0 }], bakeSeconds: 5 } })).toEqual(['strategy.bakeSeconds']);
  });

  it('wants exactly one p95 gate', () => {
    expect(fields({ gates: { ...valid.gates, maxP95RegressionPercent: 10 } })).toEqual(['gates']);
    expect(fields({ gates: { maxFailedPercent: 5, maxErrorRate: 0.01, minReportedPercent: 80 } })).toEqual(['gates']);
  });
});
