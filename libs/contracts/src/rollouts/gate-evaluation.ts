/** The gates of a deployment (see DeploymentGates), as named in an evaluation. */
export type GateName = 'maxFailedPercent' | 'maxErrorRate' | 'maxP95LatencyMs' | 'maxP95RegressionPercent' | 'minReportedPercent';

/** One gate's verdict at the end of a bake, with the numbers that decided it. */
export interface GateResult {
  /** Which gate. */
  gate: GateName;
  /** The threshold as requested. */
  threshold: number;
  /** The measured value (percent, rate or ms as the gate says), or null when there was nothing to measure. */
  measured: number | null;
  /** What the measurement was made of (devices, inferences, errors, latency samples…). */
  samples: Record<string, number>;
  /** passed or failed. */
  verdict: 'passed' | 'failed';
  /** Why the verdict was reached without a measurement (no data, no baseline), else absent. */
  note?: string;
}

/** A wave's gate evaluation, stored in deployment_waves.gate_evaluation and shown in the DeploymentView. */
export interface GateEvaluation {
  /** True when every gate passed. */
  passed: boolean;
  /** ISO 8601 bounds of the bake the telemetry was taken from. */
  window: { from: string; to: string };
  /** Every gate, in a fixed order. */
  gates: GateResult[];
}
