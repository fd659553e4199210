import type { GateEvaluation } from './gate-evaluation';
import type { DeploymentGates, DeploymentState, DeploymentStrategy, DeploymentTarget } from './deployment-request';

export type DeploymentWaveState = 'pending' | 'applying' | 'baking' | 'passed' | 'failed';
export type DeploymentDeviceStatus = 'pending' | 'skipped' | 'applying' | 'active' | 'failed' | 'timed_out' | 'rolled_back';

/** A deployment in a list: what, where, and how far. */
export interface DeploymentSummaryView {
  /** Deployment id (UUIDv7). */
  id: string;
  /** The model version deployed. */
  model: { name: string; version: number };
  /** Where it is: `running` from creation until it is `completed` (or superseded). */
  state: DeploymentState;
  /** The deployment that replaced this one, or null. */
  supersededBy: string | null;
  /** Device counts: targeted, with a chosen variant, skipped. */
  devices: { targeted: number; deployable: number; skipped: number };
  /** Id of the API key that created it, or null. */
  createdBy: string | null;
  /** ISO 8601 creation time. */
  createdAt: string;
}

/** One targeted device of a deployment. */
export interface DeploymentDeviceView {
  /** Device id. */
  deviceId: string;
  /** The device's name now (names can change; the id does not). */
  deviceName: string;
  /** The device's hardware profile when the deployment was planned. */
  hardwareProfile: string;
  /** The chosen accepted variant, or null when skipped. */
  variantId: string | null;
  /** The profile that variant was built for (the device's, or its class on fallback), or null. */
  variantProfile: string | null;
  /** Where the device is in the rollout. */
  status: DeploymentDeviceStatus;
  /** Why the device is skipped, else null. */
  skipReason: string | null;
  /** Why the status is what it is (the device's failure report, the deadline), else null. */
  statusReason: string | null;
}

/** One wave with its devices. */
export interface DeploymentWaveView {
  /** 0-based position. */
  index: number;
  /** Bake time before the gates are evaluated. */
  bakeSeconds: number;
  /** Where the wave is. */
  state: DeploymentWaveState;
  /** ISO 8601 time its desired states were written, or null while pending. */
  startedAt: string | null;
  /** ISO 8601 end of its bake once baking, else null. */
  bakeUntil: string | null;
  /** ISO 8601 time it passed or failed, else null. */
  finishedAt: string | null;
  /** The gate evaluation at the end of its bake, or null before. */
  gateEvaluation: GateEvaluation | null;
  /** Its devices, by device id. */
  devices: DeploymentDeviceView[];
}

/** One timeline entry: who did what, when. */
export interface DeploymentEventView {
  /** ISO 8601 time. */
  at: string;
  /** created, started, supersedes, superseded (by an API key); wave_started, wave_baking, gates_evaluated, wave_passed, wave_failed, paused, rolling_back, rolled_back, completed (the engine). */
  type: string;
  /** The API key that caused it ({ id, name }), or null for the rollout engine. */
  actor: { keyId: string | null; name: string | null } | null;
  /** Facts of the event. */
  details: Record<string, unknown>;
}

/** A deployment in full, as GET /api/v1/deployments/{id} and POST /api/v1/deployments return it. */
export interface DeploymentView extends DeploymentSummaryView {
  /** The target as requested. */
  target: DeploymentTarget;
  /** The strategy as requested. */
  strategy: DeploymentStrategy;
  /** The gate thresholds. */
  gates: DeploymentGates;
  /** Whether a failed gate rolls the touched devices back by itself. */
  autoRollback: boolean;
  /** Seconds after the start at which devices that never reported count as timed out. */
  deadlineSeconds: number;
  /** ISO 8601 time execution started (a deployment starts when it is created), or null. */
  startedAt: string | null;
  /** ISO 8601 time it reached a final state, or null. */
  finishedAt: string | null;
  /** The waves in order, each with its devices. */
  waves: DeploymentWaveView[];
  /** Events, oldest first. */
  timeline: DeploymentEventView[];
}
