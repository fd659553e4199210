import { Injectable } from '@nestjs/common';
import { DeploymentState, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';

const ACTIVE: DeploymentState[] = ['planned', 'running', 'paused', 'rolling_back'];

const summary = {
  modelVersion: { select: { version: true } },
  _count: { select: { devices: true } },
} satisfies Prisma.DeploymentInclude;

const detail = {
  ...summary,
  waves: { orderBy: { index: 'asc' } },
  devices: { orderBy: { deviceId: 'asc' }, include: { variant: { select: { hardwareProfile: true } }, device: { select: { name: true } } } },
  events: { orderBy: { id: 'asc' } },
} satisfies Prisma.DeploymentInclude;

export type DeploymentSummaryRow = Prisma.DeploymentGetPayload<{ include: typeof summary }> & { skipped: number };
export type DeploymentRow = Prisma.DeploymentGetPayload<{ include: typeof detail }>;

/** Who caused an event: an API key (id and name at the time), or null for the rollout engine. */
export interface EventActor {
  keyId: string;
  name: string;
}

export interface NewDeployment {
  modelVersionId: string;
  modelName: string;
  /** DeploymentTarget, DeploymentStrategy and DeploymentGates (JSON). */
  target: object;
  strategy: object;
  gates: object;
  autoRollback: boolean;
  deadlineSeconds: number;
  waves: { index: number; bakeSeconds: number }[];
  devices: { deviceId: string; waveIndex: number; hardwareProfile: string; variantId: string | null; skipReason: string | null }[];
  actor: EventActor | null;
}

/** An active deployment of the same model that deploys to some of the new one's devices. */
export interface ActiveOverlap {
  deploymentId: string;
  /** The shared devices, by id. */
  deviceIds: string[];
}

@Injectable()
export class DeploymentRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores a deployment, planned and started (`running`), in one transaction. Active deployments of the same model that deploy
   * to any of its (non-skipped) devices are passed to `onOverlap`, which throws to refuse; if it
   * returns, they are marked superseded by the new one, with an event on both timelines. Creations
   * for one model take turns (advisory lock), so two racing requests cannot both miss each other.
   */
  async create(plan: NewDeployment, onOverlap: (overlaps: ActiveOverlap[]) => void): Promise<DeploymentRow> {
    const id = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`deployments:${plan.modelName}`}, 0))`;
      const deployable = plan.devices.filter((device) => device.variantId !== null).map((device) => device.deviceId);
      const shared = await tx.deploymentDevice.findMany({
        where: { deviceId: { in: deployable }, status: { not: 'skipped' }, deployment: { modelName: plan.modelName, state: { in: ACTIVE } } },
        select: { deploymentId: true, deviceId: true },
        orderBy: [{ deploymentId: 'asc' }, { deviceId: 'asc' }],
      });
      const overlaps = groupByDeployment(shared);
      onOverlap(overlaps);

      const actor = { actorKeyId: plan.actor?.keyId ?? null, actorName: plan.actor?.name ?? null };
      const created = await tx.deployment.create({
        data: {
          modelVersionId: plan.modelVersionId,
          modelName: plan.modelName,
          target: plan.target as Prisma.InputJsonObject,
          strategy: plan.strategy as Prisma.InputJsonObject,
          gates: plan.gates as Prisma.InputJsonObject,
          autoRollback: plan.autoRollback,
          deadlineSeconds: plan.deadlineSeconds,
          createdById: plan.actor?.keyId ?? null,
          // A deployment starts when it is created: the rollout engine takes it from here.
          state: 'running',
          startedAt: new Date(),
          waves: { createMany: { data: plan.waves } },
          events: {
            createMany: {
              data: [
                { type: 'created', ...actor, details: { devices: plan.devices.length, deployable: deployable.length } },
                { type: 'started', ...actor, details: { waves: plan.waves.length, deadlineSeconds: plan.deadlineSeconds } },
              ],
            },
          },
        },
      });
      // One INSERT from column arrays: a nested createMany is more bind parameters than PostgreSQL takes
      // for 10,000 devices (65,535; Prisma's own split of it broke the foreign key to the new
      // deployment), and Prisma building 2,000-row createMany statements cost ≈ 1.5 s of a
      // 3,000-device deployment's creation (bench/scale).
      const devices = plan.devices;
      await tx.$executeRaw`
        INSERT INTO deployment_devices (deployment_id, device_id, wave_index, hardware_profile, variant_id, skip_reason, status, updated_at)
        SELECT ${created.id}::uuid, d.device_id, d.wave_index, d.hardware_profile, d.variant_id, d.skip_reason,
               CASE WHEN d.variant_id IS NULL THEN 'skipped' ELSE 'pending' END::"DeploymentDeviceStatus", now()
        FROM unnest(${devices.map(({ deviceId }) => deviceId)}::uuid[], ${devices.map(({ waveIndex }) => waveIndex)}::int[],
                    ${devices.map(({ hardwareProfile }) => hardwareProfile)}::text[], ${devices.map(({ variantId }) => variantId)}::uuid[],
                    ${devices.map(({ skipReason }) => skipReason)}::text[])
          AS d(device_id, wave_index, hardware_profile, variant_id, skip_reason)`;
      for (const overlap of overlaps) {
        const details = { overlappingDevices: overlap.deviceIds.length };
        await tx.deployment.update({
          where: { id: overlap.deploymentId },
          data: {
            state: 'superseded',
            supersededById: created.id,
            finishedAt: new Date(),
            events: { create: { type: 'superseded', ...actor, details: { ...details, by: created.id } } },
          },
        });
        await tx.deploymentEvent.create({ data: { deploymentId: created.id, type: 'supersedes', ...actor, details: { ...details, deploymentId: overlap.deploymentId } } });
      }
      return created.id;
      // Prisma's default 5 s is too short for thousands of devices on a loaded machine.
    }, { timeout: 60_000 });
    // Read after the commit: Prisma loads the relations with parallel queries, which one transaction's connection cannot run.
    return this.prisma.deployment.findUniqueOrThrow({ where: { id }, include: detail });
  }

  findById(id: string): Promise<DeploymentRow | null> {
    return this.prisma.deployment.findUnique({ where: { id }, include: detail });
  }

  /** Newest first (ids are UUIDv7, so id order is creation order); `before` is the last id of the previous page. */
  /** How many deployments are in each state (states with none are absent). */
  async countByState(): Promise<{ state: DeploymentState; count: number }[]> {
    const groups = await this.prisma.deployment.groupBy({ by: ['state'], _count: { _all: true } });
    return groups.map(({ state, _count }) => ({ state, count: _count._all }));
  }

  async list(limit: number, before?: string): Promise<DeploymentSummaryRow[]> {
    const rows = await this.prisma.deployment.findMany({
      where: before ? { id: { lt: before } } : {},
      orderBy: { id: 'desc' },
      take: limit,
      include: summary,
    });
    const skipped = await this.prisma.deploymentDevice.groupBy({
      by: ['deploymentId'],
      where: { deploymentId: { in: rows.map((row) => row.id) }, variantId: null },
      _count: { _all: true },
    });
    const skippedOf = new Map(skipped.map((group) => [group.deploymentId, group._count._all]));
    return rows.map((row) => ({ ...row, skipped: skippedOf.get(row.id) ?? 0 }));
  }
}

function groupByDeployment(rows: { deploymentId: string; deviceId: string }[]): ActiveOverlap[] {
  const byDeployment = new Map<string, string[]>();
  for (const row of rows) byDeployment.set(row.deploymentId, [...(byDeployment.get(row.deploymentId) ?? []), row.deviceId]);
  return [...byDeployment].map(([deploymentId, deviceIds]) => ({ deploymentId, deviceIds }));
}
