import { Injectable } from '@nestjs/common';
import type { DeviceDeploymentView } from '@edgeplane/contracts';
import { DeviceDeploymentRow, DeviceDeploymentsRepository } from '@edgeplane/persistence';
import { DevicesService } from '@edgeplane/registry';

/** A device's rollout history: the deployments it has been part of and how each went for it. */
@Injectable()
export class DeviceDeploymentsService {
  constructor(
    private readonly devices: DevicesService,
    private readonly deployments: DeviceDeploymentsRepository,
  ) {}

  /** Newest deployment first; 404 `device.not_found` for an unknown device. */
  async list(deviceId: string, limit: number): Promise<DeviceDeploymentView[]> {
    await this.devices.require(deviceId);
    return (await this.deployments.forDevice(deviceId, limit)).map(toDeviceDeploymentView);
  }
}

function toDeviceDeploymentView(row: DeviceDeploymentRow): DeviceDeploymentView {
  return {
    deploymentId: row.deploymentId,
    model: { name: row.deployment.modelName, version: row.deployment.modelVersion.version },
    deploymentState: row.deployment.state,
    status: row.status,
    statusReason: row.statusReason,
    skipReason: row.skipReason,
    waveIndex: row.waveIndex,
    variantId: row.variantId,
    createdAt: row.deployment.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
