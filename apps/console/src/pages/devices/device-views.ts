// Temporary: GET /devices/{id}/deployments' view until console-api's contracts land (then api/views).
export interface DeviceDeploymentView {
  deploymentId: string;
  model: { name: string; version: number };
  deploymentState: string;
  status: string;
  statusReason: string | null;
  skipReason: string | null;
  waveIndex: number;
  variantId: string | null;
  createdAt: string;
  updatedAt: string;
}
