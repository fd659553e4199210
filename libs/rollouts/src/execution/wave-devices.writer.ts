import { Injectable } from '@nestjs/common';
import type { Assignment } from '@edgeplane/contracts';
import { DesiredStatePublisher, DesiredStateService } from '@edgeplane/fleet';
import { ComposedDesiredState, DeploymentWaveWritesRepository, WaveContext } from '@edgeplane/persistence';

/**
 * Devices written per transaction: large enough that a 10,000-device wave is a few dozen round trips,
 * small enough that a pause or abort waits for at most one batch (a fraction of a second).
 */
export const WAVE_WRITE_BATCH = 500;

/**
 * Writes the desired state of a wave's pending devices, a batch at a time: each device's next revision
 * (the chosen variant replacing its assignment of the model, its other models kept), with the
 * assignment it replaces recorded for a rollback, in one transaction that only runs while the
 * deployment does; then the retained messages through the outbox. Safe to repeat after a crash at any
 * point: a device whose desired state already carries this deployment's assignment is only marked applying.
 */
@Injectable()
export class WaveDevicesWriter {
  constructor(
    private readonly writes: DeploymentWaveWritesRepository,
    private readonly desiredStates: DesiredStateService,
    private readonly publisher: DesiredStatePublisher,
  ) {}

  async writePending(context: WaveContext): Promise<void> {
    const pending = context.devices.filter(({ status }) => status === 'pending');
    // A batch's retained messages are published while the next batch is written: the two wait on
    // different things (the broker's acknowledgements, PostgreSQL's commit). Measured on a
    // 3,000-device wave: 140–370 ms to write a batch of 500, 330–490 ms to publish it.
    let publishing: Promise<unknown> = Promise.resolve();
    try {
      for (let start = 0; start < pending.length; start += WAVE_WRITE_BATCH) {
        const written = await this.writeBatch(context.deploymentId, pending.slice(start, start + WAVE_WRITE_BATCH));
        await publishing;
        if (written === 'stopped') return;
        // Not published now (broker down) → the outbox's sweep publishes them; the revisions are stored.
        publishing = this.publisher.publishMany(written);
      }
    } finally {
      await publishing;
    }
  }

  /** The devices written, or 'stopped' once the deployment no longer runs (an operator paused or aborted it): the wave stops there. */
  private async writeBatch(deploymentId: string, devices: { deviceId: string; variantId: string }[]): Promise<string[] | 'stopped'> {
    const assignments = await this.desiredStates.deploymentAssignments(deploymentId, devices);
    const writable: { deviceId: string; assignment: Assignment }[] = [];
    for (const [deviceId, assignment] of assignments) {
      // A device that cannot take the variant any more (decommissioned, variant withdrawn) fails alone.
      if (assignment instanceof Error) await this.writes.markUnwritable(deploymentId, deviceId, `desired state not written: ${assignment.message}`);
      else writable.push({ deviceId, assignment });
    }
    if (writable.length === 0) return [];
    const outcome = await this.writes.writeDevices(
      deploymentId,
      writable.map(({ deviceId, assignment }) => ({ deviceId, compose: (current) => withDeploymentAssignment(current as Assignment[], assignment) })),
    );
    return outcome === 'stopped' ? 'stopped' : outcome.devices;
  }
}

/** The device's assignments with the deployment's replacing its assignment of the same model. */
export function withDeploymentAssignment(current: Assignment[], assignment: Assignment): ComposedDesiredState | 'already_written' {
  const previous = current.find(({ model }) => model === assignment.model) ?? null;
  if (previous !== null && previous.deploymentId === assignment.deploymentId) return 'already_written';
  const others = current.filter(({ model }) => model !== assignment.model);
  return { previousAssignment: previous, assignments: [...others, assignment] };
}
