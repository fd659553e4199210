import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
import type { EventActor } from './deployment.repository';

/** What a deployment's state and its baking wave (if any) are, for explaining a refused operator action. */
export interface ControlState {
  state: string;
  bakingWave: { index: number; bakeUntil: Date | null } | null;
}

/**
 * Operator actions on a deployment (pause, resume, abort, promote). Each is one conditional update
 * (`WHERE state = expected`) with its timeline event, carrying the acting key, in the same
 * transaction: a concurrent request, another replica or a running step cannot make it happen twice.
 * Each returns null when the stored state did not allow it.
 */
@Injectable()
export class DeploymentControlRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** running → paused. */
  async pause(deploymentId: string, actor: EventActor | null): Promise<true | null> {
    return this.prisma.$transaction(async (tx) => {
      const changed = await tx.$executeRaw`UPDATE deployments SET state = 'paused', updated_at = now() WHERE id = ${deploymentId}::uuid AND state = 'running'`;
      if (changed === 0) return null;
      await tx.deploymentEvent.create({ data: { deploymentId, type: 'paused', ...actorColumns(actor), details: {} } });
      return true;
    });
  }

  /**
   * paused → running. A wave that failed its gates (the pause of a deployment without automatic
   * rollback) becomes `passed` in the same transaction: the operator overrides its gates, and the
   * engine's rule "the next wave starts after a passed one" stays the only rule. Its gate evaluation
   * is kept (`passed: false`), and the event names the overridden wave and gates.
   */
  async resume(deploymentId: string, actor: EventActor | null): Promise<{ overriddenWave: number | null } | null> {
    return this.prisma.$transaction(async (tx) => {
      const changed = await tx.$executeRaw`UPDATE deployments SET state = 'running', updated_at = now() WHERE id = ${deploymentId}::uuid AND state = 'paused'`;
      if (changed === 0) return null;
      const overridden = await tx.$queryRaw<{ index: number; failed_gates: string[] | null }[]>`
        UPDATE deployment_waves SET state = 'passed' WHERE deployment_id = ${deploymentId}::uuid AND state = 'failed'
        RETURNING index, (SELECT array_agg(g->>'gate') FROM jsonb_array_elements(gate_evaluation->'gates') g WHERE g->>'verdict' = 'failed') AS failed_gates`;
      const details = overridden[0] ? { overriddenWave: overridden[0].index, overriddenGates: overridden[0].failed_gates ?? [] } : {};
      await tx.deploymentEvent.create({ data: { deploymentId, type: 'resumed', ...actorColumns(actor), details } });
      return { overriddenWave: overridden[0]?.index ?? null };
    });
  }

  /**
   * running or paused → rolling_back; returns the wave the rollback step is keyed on: the latest
   * wave that started (the same rule as `DeploymentRollbackRepository.rollingBack`, so the resumer
   * queues the same job id), 0 when none did.
   */
  async abort(deploymentId: string, actor: EventActor | null): Promise<{ wave: number } | null> {
    return this.prisma.$transaction(async (tx) => {
      const changed = await tx.$queryRaw<{ previous: string }[]>`
        UPDATE deployments d SET state = 'rolling_back', updated_at = now()
        FROM (SELECT id, state FROM deployments WHERE id = ${deploymentId}::uuid FOR UPDATE) old
        WHERE d.id = old.id AND d.state IN ('running', 'paused')
        RETURNING old.state::text AS previous`;
      if (changed.length === 0) return null;
      const [{ wave }] = await tx.$queryRaw<{ wave: number }[]>`
        SELECT coalesce(max(index), 0)::int AS wave FROM deployment_waves WHERE deployment_id = ${deploymentId}::uuid AND state <> 'pending'`;
      await tx.deploymentEvent.create({ data: { deploymentId, type: 'aborted', ...actorColumns(actor), details: { wave, from: changed[0].previous } } });
      return { wave };
    });
  }

  /**
   * Ends the running deployment's bake now. `bake_seconds` becomes the time the wave actually baked
   * (at least 1 s, so the wave is still judged as a baked one): the gates read the window
   * `[bake_until − bake_seconds, bake_until]`, which must start where the bake started, not earlier.
   * The planned bake is kept in the event.
   */
  async promote(deploymentId: string, actor: EventActor | null): Promise<{ wave: number; bakeUntil: Date } | null> {
    return this.prisma.$transaction(async (tx) => {
      // The share lock makes a concurrent pause or abort wait for this transaction (or this one see its
      // result): a bake must not be ended on a deployment that has just stopped running.
      const running = await tx.$queryRaw<unknown[]>`SELECT 1 FROM deployments WHERE id = ${deploymentId}::uuid AND state = 'running' FOR SHARE`;
      if (running.length === 0) return null;
      const promoted = await tx.$queryRaw<{ index: number; bake_until: Date; planned: number; baked: number }[]>`
        UPDATE deployment_waves w SET bake_until = now(),
          bake_seconds = GREATEST(1, ceil(extract(epoch FROM now() - (w.bake_until - make_interval(secs => w.bake_seconds)))))::int
        FROM deployments d, (SELECT bake_seconds FROM deployment_waves WHERE deployment_id = ${deploymentId}::uuid AND state = 'baking') planned
        WHERE w.deployment_id = ${deploymentId}::uuid AND w.state = 'baking' AND w.bake_until > now()
          AND d.id = w.deployment_id AND d.state = 'running'
        RETURNING w.index, w.bake_until, planned.bake_seconds AS planned, w.bake_seconds AS baked`;
      if (promoted.length === 0) return null;
      const { index, bake_until: bakeUntil, planned, baked } = promoted[0];
      await tx.deploymentEvent.create({
        data: { deploymentId, type: 'promoted', ...actorColumns(actor), details: { wave: index, plannedBakeSeconds: planned, bakedSeconds: baked } },
      });
      return { wave: index, bakeUntil };
    });
  }

  async controlState(deploymentId: string): Promise<ControlState | null> {
    const deployment = await this.prisma.deployment.findUnique({
      where: { id: deploymentId },
      select: { state: true, waves: { where: { state: 'baking' }, select: { index: true, bakeUntil: true }, take: 1 } },
    });
    return deployment && { state: deployment.state, bakingWave: deployment.waves[0] ?? null };
  }

  /** The deployment's waves as stored, for queuing the step a resumed deployment calls for. */
  async waves(deploymentId: string): Promise<{ index: number; state: string; bakeUntil: Date | null }[]> {
    return this.prisma.deploymentWave.findMany({ where: { deploymentId }, orderBy: { index: 'asc' }, select: { index: true, state: true, bakeUntil: true } });
  }
}

function actorColumns(actor: EventActor | null): { actorKeyId: string | null; actorName: string | null } {
  return { actorKeyId: actor?.keyId ?? null, actorName: actor?.name ?? null };
}
