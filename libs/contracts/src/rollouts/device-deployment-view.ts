import type { DeploymentState } from './deployment-request';
import type { DeploymentDeviceStatus } from './deployment-view';

/** One deployment a device has been part of, from the device's side (GET /api/v1/devices/{id}/deployments). */
export interface DeviceDeploymentView {
  /** Deployment id. */
  deploymentId: string;
  /** The model version deployed. */
  model: { name: string; version: number };
  /** Where the deployment as a whole is. */
  deploymentState: DeploymentState;
  /** Where this device is in it. */
  status: DeploymentDeviceStatus;
  /** Why the device's status is what it is (failure report, deadline), else null. */
  statusReason: string | null;
  /** Why the device is skipped, else null. */
  skipReason: string | null;
  /** 0-based wave the device belongs to. */
  waveIndex: number;
  /** The variant chosen for the device, or null when skipped. */
  variantId: string | null;
  /** ISO 8601 creation time of the deployment. */
  createdAt: string;
  /** ISO 8601 time the device's entry in the deployment last changed. */
  updatedAt: string;
}
