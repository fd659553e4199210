import type { DDSketch } from '@datadog/sketches-js';
import { newLatencySketch, type DeploymentGates, type GateEvaluation, type GateResult } from '@edgeplane/contracts';

/** What a wave's devices did during the bake, gathered from the stored telemetry. */
export interface BakeFigures {
  /** Deployable devices of the wave (those with a variant). */
  deployable: number;
  /** Of those, devices failed or timed out. */
  failed: number;
  /** Of those, devices that sent telemetry for their variant during the bake. */
  reported: number;
  inferences: number;
  errors: number;
  /** The wave's devices' latency sketches of their variant during the bake. */
  sketches: DDSketch[];
  /** The same devices' sketches of the variant they ran before, from before the wave; empty when none. */
  baselineSketches: DDSketch[];
}

const NO_INFERENCES = 'no data: no inference during the bake (the reported-share gate judges silence)';
const NO_BAKE = 'no bake (bakeSeconds 0): no telemetry window to judge';

/** The 95th percentile of the merged sketches — a fleet's p95, not an average of the devices' — or null without samples. */
export function mergedP95(sketches: readonly DDSketch[]): { p95: number | null; samples: number } {
  const merged = newLatencySketch();
  for (const sketch of sketches) merged.merge(sketch);
  return { p95: merged.count > 0 ? merged.getValueAtQuantile(0.95) : null, samples: merged.count };
}

/** errors / (inferences + errors), or null when nothing ran. */
export function errorRate(inferences: number, errors: number): number | null {
  const total = inferences + errors;
  return total > 0 ? errors / total : null;
}

/** part / whole in percent, or null for an empty whole. */
export function percentOf(part: number, whole: number): number | null {
  return whole > 0 ? (100 * part) / whole : null;
}

/** Every gate of the deployment judged on the bake's figures, in a fixed order. */
export function evaluateGates(gates: DeploymentGates, figures: BakeFigures, window: { from: Date; to: Date }): GateEvaluation {
  const telemetryGates = [errorRateGate(gates, figures), latencyGate(gates, figures), reportedGate(gates, figures)];
  // A wave given no bake asked for no observation: only what the devices' reports said (failed) is judged.
  const judged = window.to > window.from ? telemetryGates : telemetryGates.map((result) => ({ ...result, verdict: 'passed' as const, note: NO_BAKE }));
  const results = [failedPercentGate(gates, figures), ...judged];
  return { passed: results.every(({ verdict }) => verdict === 'passed'), window: { from: window.from.toISOString(), to: window.to.toISOString() }, gates: results };
}

function failedPercentGate(gates: DeploymentGates, figures: BakeFigures): GateResult {
  const measured = percentOf(figures.failed, figures.deployable);
  const samples = { deployable: figures.deployable, failed: figures.failed };
  if (measured === null) return { gate: 'maxFailedPercent', threshold: gates.maxFailedPercent, measured, samples, verdict: 'passed', note: 'no deployable devices' };
  return { gate: 'maxFailedPercent', threshold: gates.maxFailedPercent, measured, samples, verdict: verdict(measured <= gates.maxFailedPercent) };
}

function errorRateGate(gates: DeploymentGates, figures: BakeFigures): GateResult {
  const measured = errorRate(figures.inferences, figures.errors);
  const samples = { inferences: figures.inferences, errors: figures.errors };
  if (measured === null) return { gate: 'maxErrorRate', threshold: gates.maxErrorRate, measured, samples, verdict: 'passed', note: NO_INFERENCES };
  return { gate: 'maxErrorRate', threshold: gates.maxErrorRate, measured, samples, verdict: verdict(measured <= gates.maxErrorRate) };
}

function latencyGate(gates: DeploymentGates, figures: BakeFigures): GateResult {
  const current = mergedP95(figures.sketches);
  if (gates.maxP95RegressionPercent === undefined) {
    const threshold = gates.maxP95LatencyMs!;
    const samples = { latencySamples: current.samples };
    if (current.p95 === null) return { gate: 'maxP95LatencyMs', threshold, measured: null, samples, verdict: 'passed', note: NO_INFERENCES };
    return { gate: 'maxP95LatencyMs', threshold, measured: current.p95, samples, verdict: verdict(current.p95 <= threshold) };
  }
  const threshold = gates.maxP95RegressionPercent;
  const baseline = mergedP95(figures.baselineSketches);
  const samples = { latencySamples: current.samples, baselineSamples: baseline.samples, ...(current.p95 === null ? {} : { p95Ms: current.p95 }), ...(baseline.p95 === null ? {} : { baselineP95Ms: baseline.p95 }) };
  if (current.p95 === null) return { gate: 'maxP95RegressionPercent', threshold, measured: null, samples, verdict: 'passed', note: NO_INFERENCES };
  if (baseline.p95 === null || baseline.p95 <= 0) {
    // A device's first variant of a model has nothing to regress against; failing would block every first rollout.
    return { gate: 'maxP95RegressionPercent', threshold, measured: null, samples, verdict: 'passed', note: 'no baseline: no latency of a previous variant on these devices before the wave' };
  }
  const measured = (100 * (current.p95 - baseline.p95)) / baseline.p95;
  return { gate: 'maxP95RegressionPercent', threshold, measured, samples, verdict: verdict(measured <= threshold) };
}

function reportedGate(gates: DeploymentGates, figures: BakeFigures): GateResult {
  const measured = percentOf(figures.reported, figures.deployable);
  const samples = { deployable: figures.deployable, reported: figures.reported };
  if (measured === null) return { gate: 'minReportedPercent', threshold: gates.minReportedPercent, measured, samples, verdict: 'passed', note: 'no deployable devices' };
  return { gate: 'minReportedPercent', threshold: gates.minReportedPercent, measured, samples, verdict: verdict(measured >= gates.minReportedPercent) };
}

function verdict(ok: boolean): GateResult['verdict'] {
  return ok ? 'passed' : 'failed';
}
