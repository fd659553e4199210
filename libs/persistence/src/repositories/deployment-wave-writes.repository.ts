import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';

/** A device's desired assignments as the deployment wants them, given the ones it has now. */
export interface ComposedDesiredState {
  /** The device's assignment of the deployment's model before this write (what a rollback restores), or null. */
  previousAssignment: object | null;
  /** Every assignment of the new revision: the deployment's, and the device's other models' as they were. */
  assignments: object[];
}

/** One pending device of a wave and how to compose its next desired state from its current assignments. */
export interface WaveDeviceWrite {
  deviceId: string;
  /** `already_written`: the current assignments already carry the deployment's (a step repeated after a crash). */
  compose: (currentAssignments: object[]) => ComposedDesiredState | 'already_written';
}

/** `stopped`: the deployment no longer runs (paused, aborted, superseded), nothing was written. */
export type WaveWriteOutcome = 'stopped' | { devices: string[] };

/**
 * Writes a batch of a wave's devices in one transaction: each device's next desired revision, and its
 * deployment row `pending → applying` with the previous assignment and the revision written. The
 * deployment row is share-locked first and must be `running`: a pause or abort waits for the batch
 * to commit and then sees every written device as touched, so a rollback never misses one; a batch
 * that starts after the pause or abort writes nothing.
 */
@Injectable()
export class DeploymentWaveWritesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async writeDevices(deploymentId: string, writes: WaveDeviceWrite[]): Promise<WaveWriteOutcome> {
    const deviceIds = writes.map(({ deviceId }) => deviceId);
    return this.prisma.$transaction(
      async (tx) => {
        const [deployment] = await tx.$queryRaw<{ state: string }[]>`SELECT state FROM deployments WHERE id = ${deploymentId}::uuid FOR SHARE`;
        if (deployment?.state !== 'running') return 'stopped';
        // Device rows in one order and mode (NO KEY UPDATE), as DesiredStateRepository.append locks them:
        // concurrent writers wait, never deadlock.
        await tx.$queryRaw`SELECT id FROM devices WHERE id = ANY(${deviceIds}::uuid[]) ORDER BY id FOR NO KEY UPDATE`;
        const currents = await tx.$queryRaw<{ device_id: string; revision: number; document: Prisma.JsonObject }[]>`
          SELECT DISTINCT ON (device_id) device_id, revision, document FROM desired_revisions
          WHERE device_id = ANY(${deviceIds}::uuid[]) ORDER BY device_id, revision DESC`;
        const currentOf = new Map(currents.map((row) => [row.device_id, row]));

        const revisions: { deviceId: string; revision: number; document: object }[] = [];
        const applying: { device_id: string; desired_revision: number; previous_assignment: object | null; previous_revision: number | null; record_previous: boolean }[] = [];
        for (const { deviceId, compose } of writes) {
          const current = currentOf.get(deviceId);
          const composed = compose((current?.document.assignments as object[] | undefined) ?? []);
          if (composed === 'already_written') {
            applying.push({ device_id: deviceId, desired_revision: current!.revision, previous_assignment: null, previous_revision: null, record_previous: false });
            continue;
          }
          const revision = (current?.revision ?? 0) + 1;
          revisions.push({ deviceId, revision, document: { revision, assignments: composed.assignments } });
          applying.push({
            device_id: deviceId,
            desired_revision: revision,
            previous_assignment: composed.previousAssignment,
            previous_revision: current?.revision ?? null,
            record_previous: true,
          });
        }
        // From column arrays rather than createMany: Prisma building a 500-row statement of JSON
        // documents costs the controller more CPU than PostgreSQL spends storing it (bench/scale).
        await tx.$executeRaw`
          INSERT INTO desired_revisions (device_id, revision, document)
          SELECT * FROM unnest(${revisions.map(({ deviceId }) => deviceId)}::uuid[], ${revisions.map(({ revision }) => revision)}::int[],
                               ${revisions.map(({ document }) => JSON.stringify(document))}::jsonb[])`;
        await tx.$executeRaw`
          UPDATE deployment_devices dd SET status = 'applying', status_reason = NULL, updated_at = now(),
            desired_revision = w.desired_revision,
            previous_assignment = CASE WHEN w.record_previous THEN w.previous_assignment ELSE dd.previous_assignment END,
            previous_revision = CASE WHEN w.record_previous THEN w.previous_revision ELSE dd.previous_revision END
          FROM jsonb_to_recordset(${JSON.stringify(applying)}::jsonb)
            AS w(device_id uuid, desired_revision int, previous_assignment jsonb, previous_revision int, record_previous boolean)
          WHERE dd.deployment_id = ${deploymentId}::uuid AND dd.device_id = w.device_id AND dd.status = 'pending'`;
        return { devices: deviceIds };
      },
      // A batch of a few hundred devices takes a fraction of a second, far within the process's transaction limit (PrismaService).
    );
  }

  /** pending → failed: the desired state cannot be written (e.g. the device was decommissioned). */
  async markUnwritable(deploymentId: string, deviceId: string, reason: string): Promise<void> {
    await this.prisma.deploymentDevice.updateMany({ where: { deploymentId, deviceId, status: 'pending' }, data: { status: 'failed', statusReason: reason } });
  }
}
