import type { DeviceStatus } from '../registry';
import type { Assignment, AssignmentState, DeviceHealth } from '../protocol';

/** A device's desired state as the operator API returns it. */
export interface DesiredStateView {
  /** The device. */
  deviceId: string;
  /** Revision of this document; 0 when nothing was ever assigned. */
  revision: number;
  /** What the device must serve. */
  assignments: Assignment[];
  /** When the broker acknowledged the retained message (ISO 8601), or null while it is pending. */
  publishedAt: string | null;
  /** When this revision was written (ISO 8601), or null for revision 0. */
  createdAt: string | null;
}

/** What the agent last reported about one assignment. */
export interface AssignmentStateView {
  /** Model name. */
  model: string;
  /** The variant the desired state asks for. */
  variantId: string;
  /** downloading, verifying, loading, active or failed. */
  state: AssignmentState;
  /** Why it failed, else null. */
  reason: string | null;
  /** The variant being served now, or null. */
  activeVariantId: string | null;
  /** The fallback variant, or null. */
  lastKnownGoodVariantId: string | null;
  /** Download progress while downloading, else null. */
  download: { receivedBytes: number; totalBytes: number } | null;
  /** Desired revision the report is about. */
  revision: number;
  /** When the agent sent the report (device clock, ISO 8601). */
  reportedAt: string;
}

/** One online/offline transition. */
export interface StatusEventView {
  status: DeviceStatus;
  /** connect, will, shutdown, heartbeat_timeout or heard. */
  cause: string;
  /** ISO 8601. */
  at: string;
}

/** Everything the controller knows about a device's state: desired, reported, presence and health. */
export interface DeviceStateView {
  /** The device. */
  deviceId: string;
  /** Lifecycle state: provisioned, online, offline, decommissioned. */
  status: DeviceStatus;
  /** Last time anything was heard from the device (ISO 8601), or null. */
  lastSeenAt: string | null;
  /** Desired revision and whether the broker has it. */
  desired: { revision: number; publishedAt: string | null };
  /** Highest desired revision the agent reported as fully applied, or null. */
  appliedRevision: number | null;
  /** `true` when the agent has applied the current desired revision. */
  converged: boolean;
  /** Reported state per assignment. */
  assignments: AssignmentStateView[];
  /** Health from the latest telemetry, with its window end (ISO 8601), or null. */
  health: (DeviceHealth & { at: string }) | null;
  /** The latest online/offline transitions, newest first. */
  recentStatusEvents: StatusEventView[];
}
