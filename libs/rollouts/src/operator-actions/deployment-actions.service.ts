import { Injectable, Logger } from '@nestjs/common';
import type { DeploymentView } from '@edgeplane/contracts';
import { DeploymentControlRepository, EventActor } from '@edgeplane/persistence';
import { DeploymentsService } from '../deployments/deployments.service';
import { QUEUE_WAIT_MS, queuedInTime } from '../execution/queue-in-time';
import { RolloutJobsService } from '../execution/rollout-jobs.service';
import { RolloutResumerService } from '../execution/rollout-resumer.service';
import { DeploymentNotFoundError, DeploymentStateConflictError, NothingToPromoteError } from '../rollout.errors';

/** What the operator can still do with a deployment in this state, to end each refusal with. */
const NEXT_STEP: Record<string, string> = {
  running: 'It is running: pause, abort or (while a wave bakes) promote it.',
  paused: 'It is paused: resume or abort it.',
  rolling_back: 'Its rollback is under way; it ends rolled_back.',
};
const FINISHED = 'A finished deployment is not changed any more: start a new one.';

/**
 * Operator actions: pause, resume, abort (= roll back), promote (end the current bake now). Each is a
 * conditional transition in PostgreSQL; the step it calls for is queued after the commit. If queuing
 * fails (Redis down), the action stands and the rollout resumer queues the step from the stored state.
 */
@Injectable()
export class DeploymentActionsService {
  private readonly logger = new Logger(DeploymentActionsService.name);

  constructor(
    private readonly control: DeploymentControlRepository,
    private readonly deployments: DeploymentsService,
    private readonly jobs: RolloutJobsService,
    private readonly resumer: RolloutResumerService,
  ) {}

  /** running → paused: the queued steps find it not running and do nothing; devices keep their desired state. */
  async pause(id: string, actor: EventActor | null): Promise<DeploymentView> {
    if (!(await this.control.pause(id, actor))) return this.refuse(id, 'pause', ['running']);
    return this.deployments.get(id);
  }

  /** paused → running, overriding the gates of a wave that failed them; queues the step the stored waves call for. */
  async resume(id: string, actor: EventActor | null): Promise<DeploymentView> {
    if (!(await this.control.resume(id, actor))) return this.refuse(id, 'resume', ['paused']);
    await this.queueQuietly(id, async () => this.resumer.resume({ id, waves: await this.control.waves(id) }));
    return this.deployments.get(id);
  }

  /** running or paused → rolling_back; the rollback step restores every touched device. */
  async abort(id: string, actor: EventActor | null): Promise<DeploymentView> {
    const aborted = await this.control.abort(id, actor);
    if (!aborted) return this.refuse(id, 'abort', ['running', 'paused']);
    await this.queueQuietly(id, () => this.jobs.rollBack({ deploymentId: id, waveIndex: aborted.wave }));
    return this.deployments.get(id);
  }

  /** Ends the baking wave's bake now; its gates are judged at once, as at the end of any bake. */
  async promote(id: string, actor: EventActor | null): Promise<DeploymentView> {
    const promoted = await this.control.promote(id, actor);
    if (!promoted) {
      const current = await this.control.controlState(id);
      if (current?.state === 'running') throw new NothingToPromoteError(id, current.bakingWave);
      return this.refuse(id, 'promote', ['running']);
    }
    await this.queueQuietly(id, () => this.jobs.endBakeNow({ deploymentId: id, waveIndex: promoted.wave }));
    return this.deployments.get(id);
  }

  /** Throws the precise refusal: 404 for an unknown id, else 409 naming the state the deployment is in. */
  private async refuse(id: string, action: string, allowed: string[]): Promise<never> {
    const current = await this.control.controlState(id);
    if (!current) throw new DeploymentNotFoundError(id);
    throw new DeploymentStateConflictError(id, action, current.state, allowed, NEXT_STEP[current.state] ?? FINISHED);
  }

  /** The action is stored: it stands even if Redis does not take the step (the resumer queues it then). */
  private async queueQuietly(id: string, queue: () => Promise<void>): Promise<void> {
    try {
      if (!(await queuedInTime(queue))) this.logger.warn(`deployment ${id}: next step not queued within ${QUEUE_WAIT_MS} ms; the resumer will queue it`);
    } catch (error) {
      this.logger.warn(`deployment ${id}: next step not queued (${(error as Error).message}); the resumer will queue it`);
    }
  }
}
