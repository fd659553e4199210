/** Deployment states; `planned`, `running`, `paused` and `rolling_back` are active, the others final. */
export const DEPLOYMENT_STATES = ['planned', 'running', 'paused', 'rolling_back', 'completed', 'rolled_back', 'aborted', 'superseded'] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

/** States in which a deployment holds its devices for its model (one active deployment per device and model). */
export const ACTIVE_DEPLOYMENT_STATES: readonly DeploymentState[] = ['planned', 'running', 'paused', 'rolling_back'];

/** Whether a deployment has ended: it never changes again (watchers stop there). */
export function isFinalDeploymentState(state: DeploymentState): boolean {
  return !ACTIVE_DEPLOYMENT_STATES.includes(state);
}

/** Which devices a deployment targets: those matching every criterion given (at least one). */
export interface DeploymentTarget {
  /** Label selector, the syntax of GET /api/v1/devices?selector=. */
  selector?: string;
  /** Hardware profile names; a device matches when its profile is one of them. */
  hardwareProfiles?: string[];
  /** Device ids; a device matches when it is one of them. */
  deviceIds?: string[];
}

/** One wave: a share of the target (not cumulative) or a number of devices, then a bake. */
export interface WaveSpec {
  /** Share of the targeted devices, 0 < percent ≤ 100, rounded up to whole devices. */
  percent?: number;
  /** Number of devices, ≥ 1. */
  count?: number;
  /** Time the wave's devices serve the new variant before its gates are evaluated. */
  bakeSeconds: number;
}

/** How a deployment advances over its devices. */
export type DeploymentStrategy =
  | { kind: 'waves'; waves: WaveSpec[] }
  | { kind: 'all-at-once'; bakeSeconds: number };

/** Thresholds evaluated on each wave's devices at the end of its bake. */
export interface DeploymentGates {
  /** Most devices of the wave, in percent, that may fail to apply or serve the variant. */
  maxFailedPercent: number;
  /** Highest inference error rate (errors / inferences, 0–1) over the wave's devices. */
  maxErrorRate: number;
  /** Highest p95 inference latency over the wave's devices, in ms (absolute gate). */
  maxP95LatencyMs?: number;
  /** Highest p95 increase, in percent, against the variant the devices ran before (relative gate). */
  maxP95RegressionPercent?: number;
  /** Least share of the wave's devices, in percent, that must have reported for the gates to pass. */
  minReportedPercent: number;
}
