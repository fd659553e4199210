import type { DeviceStatus } from '../../api/views';

/** The device statuses in the order a person reads them: working, broken, not yet, retired. */
export const DEVICE_STATUS_ORDER: readonly DeviceStatus[] = ['online', 'offline', 'provisioned', 'decommissioned'];
