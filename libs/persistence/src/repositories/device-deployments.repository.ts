import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';

const withDeployment = {
  deployment: { select: { id: true, modelName: true, state: true, createdAt: true, modelVersion: { select: { version: true } } } },
} satisfies Prisma.DeploymentDeviceInclude;

/** A device's entry in one deployment, with what the device's history shows of the deployment. */
export type DeviceDeploymentRow = Prisma.DeploymentDeviceGetPayload<{ include: typeof withDeployment }>;

/** The deployments seen from one device's side. */
@Injectable()
export class DeviceDeploymentsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The device's entries, newest deployment first (ids are UUIDv7, so the id breaks creation-time ties in order). */
  forDevice(deviceId: string, limit: number): Promise<DeviceDeploymentRow[]> {
    return this.prisma.deploymentDevice.findMany({
      where: { deviceId },
      include: withDeployment,
      orderBy: [{ deployment: { createdAt: 'desc' } }, { deploymentId: 'desc' }],
      take: limit,
    });
  }
}
