/** Job names of the rollout queue (QueueName.Rollout); frozen like the queue names. */
export enum RolloutJobName {
  /** Write the desired state of the wave's devices. */
  WaveStart = 'wave-start',
  /** Read what the wave's devices reported; delays itself again while some are still applying. */
  WaveCheck = 'wave-check',
  /** The wave's bake is over: pass it and start the next wave, or complete the deployment. */
  WaveBakeDone = 'wave-bake-done',
  /** A wave failed its gates with automatic rollback: restore every touched device, then finish `rolled_back`. */
  Rollback = 'rollback',
}

/** Data of every rollout job: which wave of which deployment. */
export interface RolloutJobData {
  /** Deployment id. */
  deploymentId: string;
  /** 0-based wave index. */
  waveIndex: number;
}

/**
 * The job id of one step of one wave, so that a step is queued at most once (BullMQ ignores an add
 * whose job id exists). Dots, not colons: BullMQ refuses custom ids with a colon.
 */
export function rolloutJobId(name: RolloutJobName, data: RolloutJobData): string {
  return `deployment.${data.deploymentId}.wave.${data.waveIndex}.${name}`;
}
