import { Injectable } from '@nestjs/common';
import { DeploymentDeviceStatus, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';

/** What a step of one wave needs to know: the deployment, the wave, and the wave's deployable devices. */
export interface WaveContext {
  deploymentId: string;
  deploymentState: string;
  modelName: string;
  startedAt: Date | null;
  deadlineSeconds: number;
  /** The gate thresholds as requested (libs/contracts DeploymentGates). */
  gates: Prisma.JsonValue;
  autoRollback: boolean;
  waveCount: number;
  wave: { index: number; state: string; bakeSeconds: number; startedAt: Date | null; bakeUntil: Date | null };
  /** The wave's devices with a variant (skipped devices are never touched). */
  devices: {
    deviceId: string;
    variantId: string;
    status: DeploymentDeviceStatus;
    desiredRevision: number | null;
    /** The device's assignment of the model before the wave wrote (an Assignment), or null. */
    previousAssignment: Prisma.JsonValue;
  }[];
}

/** What a failed wave's gates lead to: automatic rollback, or a pause for the operator. */
export type FailedWaveOutcome = 'rolling_back' | 'paused';

/** A running deployment's waves, for resuming its jobs from the stored state. */
export interface RunningDeployment {
  id: string;
  waves: { index: number; state: string; bakeUntil: Date | null }[];
}

/** A device's status change decided by a progress check. */
export interface DeviceSettlement {
  deviceId: string;
  status: Extract<DeploymentDeviceStatus, 'active' | 'failed' | 'timed_out'>;
  reason: string | null;
}

/**
 * The rollout engine's writes. Every transition is a conditional update (`WHERE state = expected`)
 * and reports whether it happened, so a duplicate or late job, or a second replica, changes nothing.
 */
@Injectable()
export class DeploymentExecutionRepository {
  constructor(private readonly prisma: PrismaService) {}

  async waveContext(deploymentId: string, waveIndex: number): Promise<WaveContext | null> {
    const deployment = await this.prisma.deployment.findUnique({
      where: { id: deploymentId },
      include: {
        waves: { orderBy: { index: 'asc' }, select: { index: true, state: true, bakeSeconds: true, startedAt: true, bakeUntil: true } },
        devices: {
          where: { waveIndex, variantId: { not: null } },
          orderBy: { deviceId: 'asc' },
          select: { deviceId: true, variantId: true, status: true, desiredRevision: true, previousAssignment: true },
        },
      },
    });
    const wave = deployment?.waves.find(({ index }) => index === waveIndex);
    if (!deployment || !wave) return null;
    return {
      deploymentId,
      deploymentState: deployment.state,
      modelName: deployment.modelName,
      startedAt: deployment.startedAt,
      deadlineSeconds: deployment.deadlineSeconds,
      gates: deployment.gates,
      autoRollback: deployment.autoRollback,
      waveCount: deployment.waves.length,
      wave,
      devices: deployment.devices.map((device) => ({ ...device, variantId: device.variantId! })),
    };
  }

  /** pending → applying, if the deployment runs and the previous wave (if any) passed. */
  async startWave(deploymentId: string, waveIndex: number, deployableDevices: number): Promise<boolean> {
    return this.transition(
      Prisma.sql`UPDATE deployment_waves w SET state = 'applying', started_at = now()
        FROM deployments d
        WHERE w.deployment_id = ${deploymentId}::uuid AND w.index = ${waveIndex} AND w.state = 'pending'
          AND d.id = w.deployment_id AND d.state = 'running'
          AND (${waveIndex} = 0 OR EXISTS (SELECT 1 FROM deployment_waves p
               WHERE p.deployment_id = w.deployment_id AND p.index = ${waveIndex - 1} AND p.state = 'passed'))`,
      deploymentId,
      'wave_started',
      { wave: waveIndex, devices: deployableDevices },
    );
  }

  /** applying → active / failed / timed_out, each only if still applying. */
  async settle(deploymentId: string, settlements: DeviceSettlement[]): Promise<void> {
    if (settlements.length === 0) return;
    const sorted = [...settlements].sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
    // One statement for the whole wave: an update per device was 3,000 round trips (≈ 4 s of a
    // 3,000-device wave's fan-out, bench/scale).
    await this.prisma.$executeRaw`
      UPDATE deployment_devices dd SET status = s.status::"DeploymentDeviceStatus", status_reason = s.reason, updated_at = now()
      FROM unnest(${sorted.map(({ deviceId }) => deviceId)}::uuid[], ${sorted.map(({ status }) => status)}::text[],
                  ${sorted.map(({ reason }) => reason)}::text[]) AS s(device_id, status, reason)
      WHERE dd.deployment_id = ${deploymentId}::uuid AND dd.device_id = s.device_id AND dd.status = 'applying'`;
  }

  /** applying → baking until `bakeUntil`, if the deployment runs and none of the wave's devices is pending or applying. */
  async startBake(deploymentId: string, waveIndex: number, bakeUntil: Date, outcome: Record<string, number>): Promise<boolean> {
    return this.transition(
      Prisma.sql`UPDATE deployment_waves w SET state = 'baking', bake_until = ${bakeUntil}
        FROM deployments d
        WHERE w.deployment_id = ${deploymentId}::uuid AND w.index = ${waveIndex} AND w.state = 'applying'
          AND d.id = w.deployment_id AND d.state = 'running'
          AND NOT EXISTS (SELECT 1 FROM deployment_devices dd WHERE dd.deployment_id = w.deployment_id
                          AND dd.wave_index = w.index AND dd.status IN ('pending', 'applying'))`,
      deploymentId,
      'wave_baking',
      { wave: waveIndex, ...outcome, bakeUntil: bakeUntil.toISOString() },
    );
  }

  /** baking → passed with its gate evaluation, if the deployment runs and the bake is over. */
  async passWave(deploymentId: string, waveIndex: number, evaluation: object): Promise<boolean> {
    return this.transitionWithEvents([this.judgeWave(deploymentId, waveIndex, 'passed', evaluation)], deploymentId, [
      { type: 'gates_evaluated', details: { wave: waveIndex, ...(evaluation as Prisma.InputJsonObject) } },
      { type: 'wave_passed', details: { wave: waveIndex } },
    ]);
  }

  /**
   * baking → failed with its gate evaluation and, in the same transaction, the deployment running →
   * `rolling_back` or `paused`: no state in between for a crash to leave behind.
   */
  async failWave(deploymentId: string, waveIndex: number, evaluation: object, outcome: FailedWaveOutcome, failedGates: string[]): Promise<boolean> {
    return this.transitionWithEvents(
      [
        this.judgeWave(deploymentId, waveIndex, 'failed', evaluation),
        Prisma.sql`UPDATE deployments SET state = ${outcome}::"DeploymentState", updated_at = now() WHERE id = ${deploymentId}::uuid AND state = 'running'`,
      ],
      deploymentId,
      [
        { type: 'gates_evaluated', details: { wave: waveIndex, ...(evaluation as Prisma.InputJsonObject) } },
        { type: 'wave_failed', details: { wave: waveIndex, failedGates } },
        { type: outcome, details: { wave: waveIndex, failedGates } },
      ],
    );
  }

  private judgeWave(deploymentId: string, waveIndex: number, verdict: 'passed' | 'failed', evaluation: object): Prisma.Sql {
    return Prisma.sql`UPDATE deployment_waves w SET state = ${verdict}::"DeploymentWaveState", finished_at = now(), gate_evaluation = ${JSON.stringify(evaluation)}::jsonb
        FROM deployments d
        WHERE w.deployment_id = ${deploymentId}::uuid AND w.index = ${waveIndex} AND w.state = 'baking' AND w.bake_until <= now()
          AND d.id = w.deployment_id AND d.state = 'running'`;
  }

  /** running → completed, once every wave passed. */
  async complete(deploymentId: string, outcome: Record<string, number>): Promise<boolean> {
    return this.transition(
      Prisma.sql`UPDATE deployments d SET state = 'completed', finished_at = now(), updated_at = now()
        WHERE d.id = ${deploymentId}::uuid AND d.state = 'running'
          AND NOT EXISTS (SELECT 1 FROM deployment_waves w WHERE w.deployment_id = d.id AND w.state <> 'passed')`,
      deploymentId,
      'completed',
      outcome,
    );
  }

  /** How many of the deployment's devices are in each status. */
  async deviceCounts(deploymentId: string, waveIndex?: number): Promise<Record<string, number>> {
    const groups = await this.prisma.deploymentDevice.groupBy({
      by: ['status'],
      where: { deploymentId, ...(waveIndex === undefined ? {} : { waveIndex }) },
      _count: { _all: true },
    });
    return Object.fromEntries(groups.map((group) => [group.status, group._count._all]));
  }

  async running(): Promise<RunningDeployment[]> {
    return this.prisma.deployment.findMany({
      where: { state: 'running' },
      select: { id: true, waves: { orderBy: { index: 'asc' }, select: { index: true, state: true, bakeUntil: true } } },
    });
  }

  /** Runs the conditional update and, if it changed a row, adds the engine's event in the same transaction. */
  private async transition(update: Prisma.Sql, deploymentId: string, type: string, details: Prisma.InputJsonObject): Promise<boolean> {
    return this.transitionWithEvents([update], deploymentId, [{ type, details }]);
  }

  /**
   * Runs the first conditional update; if it changed a row, the others (which must each change one,
   * else everything is rolled back) and the engine's events, all in one transaction.
   */
  private async transitionWithEvents(updates: Prisma.Sql[], deploymentId: string, events: { type: string; details: Prisma.InputJsonObject }[]): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const [first, ...rest] = updates;
      if ((await tx.$executeRaw(first)) === 0) return false;
      for (const update of rest) {
        if ((await tx.$executeRaw(update)) !== 1) throw new Error(`deployment ${deploymentId}: a transition's follow-up update changed no row`);
      }
      await tx.deploymentEvent.createMany({ data: events.map(({ type, details }) => ({ deploymentId, type, details })) });
      return true;
    });
  }
}
