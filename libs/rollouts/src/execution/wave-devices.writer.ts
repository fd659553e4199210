import { Injectable } from '@nestjs/common';
import { EdgeplaneError } from '@edgeplane/contracts';
import { DesiredStateService } from '@edgeplane/fleet';
import { DeploymentExecutionRepository, WaveContext } from '@edgeplane/persistence';

/**
 * Writes the desired state of a wave's pending devices: records each one's previous assignment of
 * the model (what a rollback will restore), then writes the chosen variant through the desired-state
 * service, then marks it applying. Safe to repeat after a crash at any point: a device whose desired
 * state already carries this deployment's assignment is only marked applying.
 */
@Injectable()
export class WaveDevicesWriter {
  constructor(
    private readonly execution: DeploymentExecutionRepository,
    private readonly desiredStates: DesiredStateService,
  ) {}

  async writePending(context: WaveContext): Promise<void> {
    for (const device of context.devices.filter(({ status }) => status === 'pending')) {
      // An operator may pause or abort while the wave is being written: stop at the next device rather
      // than write desired states that a rollback running meanwhile would not see.
      if (!(await this.execution.isRunning(context.deploymentId))) return;
      try {
        await this.write(context, device.deviceId, device.variantId);
      } catch (error) {
        // A device that cannot take the variant any more (decommissioned, variant withdrawn) fails alone;
        // anything else (database, broker) fails the job, which is retried.
        if (!(error instanceof EdgeplaneError)) throw error;
        await this.execution.markUnwritable(context.deploymentId, device.deviceId, `desired state not written: ${error.message}`);
      }
    }
  }

  private async write(context: WaveContext, deviceId: string, variantId: string): Promise<void> {
    const current = await this.desiredStates.get(deviceId);
    const previous = current.assignments.find(({ model }) => model === context.modelName) ?? null;
    if (previous?.deploymentId === context.deploymentId) {
      await this.execution.markApplying(context.deploymentId, deviceId, current.revision);
      return;
    }
    await this.execution.recordPrevious(context.deploymentId, deviceId, previous, current.revision === 0 ? null : current.revision);
    const written = await this.desiredStates.assignForDeployment(deviceId, variantId, context.deploymentId);
    await this.execution.markApplying(context.deploymentId, deviceId, written.revision);
  }
}
