// Temporary: the fleet overview's view types until console-api's contracts land (then api/views).
import type { DeviceStatus } from '../../api/views';

export type DeviceStatusCounts = Record<DeviceStatus, number>;
export interface FleetProfileSummary {
  profile: string;
  hardwareClass: string;
  total: number;
  byStatus: DeviceStatusCounts;
}
export interface FleetSummaryView {
  total: number;
  byStatus: DeviceStatusCounts;
  byProfile: FleetProfileSummary[];
}
export interface FleetAvailabilityView {
  from: string;
  to: string;
  bucketSeconds: number;
  points: Array<{ at: string; online: number; offline: number }>;
}
