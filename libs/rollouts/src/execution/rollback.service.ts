import { Injectable, Logger } from '@nestjs/common';
import type { Assignment, RolloutJobData } from '@edgeplane/contracts';
import { DesiredStateService } from '@edgeplane/fleet';
import { DeploymentExecutionRepository, DeploymentRollbackRepository } from '@edgeplane/persistence';

const LEFT_AS_IS = 'desired state left as it is: its assignment of the model was changed after the deployment wrote it';

/**
 * The `rollback` step of a deployment in `rolling_back`: restores every touched device's previous
 * assignment of the model through the desired-state service (compare-and-set on the revision; a
 * device changed since is left alone), marks it `rolled_back`, then finishes the deployment
 * `rolled_back`. Repeatable: restored devices are no longer touched ones, and each write is conditional.
 */
@Injectable()
export class RollbackService {
  private readonly logger = new Logger(RollbackService.name);

  constructor(
    private readonly rollbacks: DeploymentRollbackRepository,
    private readonly execution: DeploymentExecutionRepository,
    private readonly desiredStates: DesiredStateService,
  ) {}

  async rollBack(step: RolloutJobData): Promise<void> {
    const context = await this.rollbacks.rollbackContext(step.deploymentId);
    if (context?.state !== 'rolling_back') return;
    for (const device of context.devices) {
      const previous = device.previousAssignment as unknown as Assignment | null;
      // Errors (a revision moved under the write, the database) fail the job, which retries from the stored state.
      const done = await this.desiredStates.restoreForDeployment(device.deviceId, context.modelName, context.deploymentId, previous);
      await this.rollbacks.markRolledBack(context.deploymentId, device.deviceId, done ? null : LEFT_AS_IS);
    }
    // Counted from the stored statuses, so a rollback resumed after a crash reports every device.
    const outcome = { wave: step.waveIndex, ...(await this.execution.deviceCounts(context.deploymentId)) };
    if (await this.rollbacks.finish(context.deploymentId, outcome)) {
      this.logger.log(`deployment ${context.deploymentId}: rolled back ${JSON.stringify(outcome)}`);
    }
  }
}
