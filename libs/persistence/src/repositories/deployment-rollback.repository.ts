import { Injectable } from '@nestjs/common';
import { DeploymentDeviceStatus, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';

/** Statuses of a device whose desired state the deployment wrote (or tried to): what a rollback restores. */
export const TOUCHED_DEVICE_STATUSES: DeploymentDeviceStatus[] = ['applying', 'active', 'failed', 'timed_out'];

/** A deployment being rolled back, with the devices still to restore. */
export interface RollbackContext {
  deploymentId: string;
  state: string;
  modelName: string;
  /** Touched devices not restored yet, each with its assignment of the model before the deployment (or null). */
  devices: { deviceId: string; previousAssignment: Prisma.JsonValue }[];
}

/** The rollback's writes; each conditional, so a repeated or concurrent rollback step changes nothing twice. */
@Injectable()
export class DeploymentRollbackRepository {
  constructor(private readonly prisma: PrismaService) {}

  async rollbackContext(deploymentId: string): Promise<RollbackContext | null> {
    const deployment = await this.prisma.deployment.findUnique({
      where: { id: deploymentId },
      select: {
        state: true,
        modelName: true,
        devices: { where: { status: { in: TOUCHED_DEVICE_STATUSES } }, orderBy: { deviceId: 'asc' }, select: { deviceId: true, previousAssignment: true } },
      },
    });
    return deployment && { deploymentId, state: deployment.state, modelName: deployment.modelName, devices: deployment.devices };
  }

  /** touched → rolled_back, with a reason when its desired state was left as it was. */
  async markRolledBack(deploymentId: string, deviceId: string, reason: string | null): Promise<void> {
    await this.prisma.deploymentDevice.updateMany({
      where: { deploymentId, deviceId, status: { in: TOUCHED_DEVICE_STATUSES } },
      data: { status: 'rolled_back', statusReason: reason },
    });
  }

  /** rolling_back → rolled_back with finishedAt, once no touched device is left to restore. */
  async finish(deploymentId: string, outcome: Prisma.InputJsonObject): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const changed = await tx.$executeRaw`UPDATE deployments d SET state = 'rolled_back', finished_at = now(), updated_at = now()
        WHERE d.id = ${deploymentId}::uuid AND d.state = 'rolling_back'
          AND NOT EXISTS (SELECT 1 FROM deployment_devices dd WHERE dd.deployment_id = d.id
                          AND dd.status IN ('applying', 'active', 'failed', 'timed_out'))`;
      if (changed === 0) return false;
      await tx.deploymentEvent.create({ data: { deploymentId, type: 'rolled_back', details: outcome } });
      return true;
    });
  }

  /**
   * Deployments in `rolling_back` with the wave their rollback step is keyed on: the latest wave that
   * started (the one whose gates failed, or the one an operator's abort interrupted; 0 if none started).
   * `DeploymentControlRepository.abort` uses the same rule, so both queue the same job id.
   */
  async rollingBack(): Promise<{ id: string; failedWave: number }[]> {
    const rows = await this.prisma.deployment.findMany({
      where: { state: 'rolling_back' },
      select: { id: true, waves: { where: { state: { not: 'pending' } }, orderBy: { index: 'desc' }, select: { index: true }, take: 1 } },
    });
    return rows.map(({ id, waves }) => ({ id, failedWave: waves[0]?.index ?? 0 }));
  }
}
