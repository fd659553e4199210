import type { DeviceSettlement } from '@edgeplane/persistence';

/** A device of the wave that is waiting for its report. */
export interface ApplyingDevice {
  deviceId: string;
  variantId: string;
  /** The desired revision the deployment wrote; an older report is about something else. */
  desiredRevision: number | null;
}

/** The device's latest report about the deployment's model. */
export interface ModelReport {
  deviceId: string;
  variantId: string;
  state: string;
  reason: string | null;
  activeVariantId: string | null;
  revision: number;
}

/**
 * Decides which applying devices are done: `active` or `failed` on the chosen variant for the
 * revision the deployment wrote (or a later one), or `timed_out` once the deadline has passed.
 */
export function settlementsFor(devices: readonly ApplyingDevice[], reports: readonly ModelReport[], now: Date, deadline: Date): DeviceSettlement[] {
  const reportOf = new Map(reports.map((report) => [report.deviceId, report]));
  const settlements: DeviceSettlement[] = [];
  for (const device of devices) {
    const report = reportOf.get(device.deviceId);
    const current = report !== undefined && report.variantId === device.variantId && report.revision >= (device.desiredRevision ?? 0);
    if (current && report.state === 'active' && report.activeVariantId === device.variantId) {
      settlements.push({ deviceId: device.deviceId, status: 'active', reason: null });
    } else if (current && report.state === 'failed') {
      settlements.push({ deviceId: device.deviceId, status: 'failed', reason: `device reported failed: ${report.reason ?? 'no reason given'}` });
    } else if (now >= deadline) {
      const last = report === undefined ? 'it never reported this model' : `its last report: ${report.state} (revision ${report.revision})`;
      settlements.push({ deviceId: device.deviceId, status: 'timed_out', reason: `not active by the deadline ${deadline.toISOString()}; ${last}` });
    }
  }
  return settlements;
}
