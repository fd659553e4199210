import type { FieldProblem } from '@edgeplane/platform';
import type { DeploymentGates, DeploymentTarget, WaveSpec } from '@edgeplane/contracts';

// Percents such as 33.3 + 33.3 + 33.4 do not add up to exactly 100 in floating point.
const PERCENT_TOLERANCE = 1e-9;

/** The request's parts whose rules span several fields (the DTOs check each field on its own). */
export interface DeploymentRequestParts {
  target: DeploymentTarget;
  strategy: { kind: 'waves' | 'all-at-once'; waves?: WaveSpec[]; bakeSeconds?: number };
  gates: DeploymentGates;
}

/** Everything wrong across fields of a deployment request, as field problems; empty when it is fine. */
export function deploymentRequestProblems(request: DeploymentRequestParts): FieldProblem[] {
  return [...targetProblems(request.target), ...strategyProblems(request.strategy), ...gateProblems(request.gates)];
}

function targetProblems(target: DeploymentTarget): FieldProblem[] {
  if (target.selector !== undefined || target.hardwareProfiles !== undefined || target.deviceIds !== undefined) return [];
  return [{ field: 'target', problems: ['give at least one of selector, hardwareProfiles, deviceIds (devices must match all given)'] }];
}

function strategyProblems(strategy: DeploymentRequestParts['strategy']): FieldProblem[] {
  if (strategy.kind === 'all-at-once') {
    return strategy.waves === undefined ? [] : [{ field: 'strategy.waves', problems: ['only for kind waves; all-at-once takes bakeSeconds'] }];
  }
  const problems: FieldProblem[] = [];
  if (strategy.bakeSeconds !== undefined) problems.push({ field: 'strategy.bakeSeconds', problems: ['only for kind all-at-once; give each wave its bakeSeconds'] });
  const waves = strategy.waves ?? [];
  waves.forEach((wave, index) => {
    const sized = (wave.percent !== undefined ? 1 : 0) + (wave.count !== undefined ? 1 : 0);
    const last = index === waves.length - 1;
    if (sized === 2) problems.push({ field: `strategy.waves.${index}`, problems: ['give percent or count, not both'] });
    if (sized === 0 && !last) problems.push({ field: `strategy.waves.${index}`, problems: ['give percent or count (only the last wave may leave both out: it takes the rest)'] });
  });
  const percents = waves.reduce((sum, wave) => sum + (wave.percent ?? 0), 0);
  if (percents > 100 + PERCENT_TOLERANCE) {
    problems.push({ field: 'strategy.waves', problems: [`the waves' percents add up to ${round(percents)} %, over 100 %; each percent is a share of the target, not cumulative`] });
  }
  return problems;
}

function gateProblems(gates: DeploymentGates): FieldProblem[] {
  const absolute = gates.maxP95LatencyMs !== undefined;
  const relative = gates.maxP95RegressionPercent !== undefined;
  if (absolute !== relative) return [];
  return [{ field: 'gates', problems: [absolute ? 'give maxP95LatencyMs or maxP95RegressionPercent, not both' : 'give a p95 gate: maxP95LatencyMs or maxP95RegressionPercent'] }];
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
