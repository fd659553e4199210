import type { DeviceStatus } from './device';

/** Device counts by status, every status present (0 when no device has it). */
export type DeviceStatusCounts = Record<DeviceStatus, number>;

/** The devices of one hardware profile, counted. */
export interface FleetProfileSummary {
  /** Hardware profile name. */
  profile: string;
  /** The profile's hardware class (cpu, gpu, fpga, asic). */
  hardwareClass: string;
  /** Devices of this profile, decommissioned ones excluded (as in FleetSummaryView.total). */
  total: number;
  /** Devices of this profile by status, decommissioned included. */
  byStatus: DeviceStatusCounts;
}

/**
 * The fleet at a glance (GET /api/v1/fleet/summary). `total` counts the devices in service: it
 * excludes decommissioned devices, which are kept only as history; `byStatus.decommissioned` still
 * says how many there are, so `total + byStatus.decommissioned` is every device ever provisioned.
 */
export interface FleetSummaryView {
  /** Devices not decommissioned. */
  total: number;
  /** Devices by status, decommissioned included. */
  byStatus: DeviceStatusCounts;
  /** Every hardware profile, those without devices too (zeros), sorted by profile name. */
  byProfile: FleetProfileSummary[];
}

/** How many devices were online and offline at one instant. */
export interface FleetAvailabilityPoint {
  /** ISO 8601 instant: the end of the point's bucket (the last point's is `to`). */
  at: string;
  /** Devices whose latest status event at or before `at` is `online`. */
  online: number;
  /** Devices whose latest status event at or before `at` is `offline`. */
  offline: number;
}

/**
 * Devices online and offline over time (GET /api/v1/fleet/availability), from the online/offline
 * transitions the controller records. A device counts from its first status event (a device that
 * never connected is in neither count) until it is decommissioned (from `decommissionedAt` on it is
 * in neither count).
 */
export interface FleetAvailabilityView {
  /** ISO 8601 start of the range: the first bucket starts here. */
  from: string;
  /** ISO 8601 end of the range: the last point is the state at this instant. */
  to: string;
  /** Width of each bucket in seconds (the last bucket may be shorter, ending at `to`). */
  bucketSeconds: number;
  /** One point per bucket, oldest first: the state at the end of the bucket. */
  points: FleetAvailabilityPoint[];
}
