import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { QueueName, RolloutJobData, RolloutJobName, rolloutJobId } from '@edgeplane/contracts';

/** How often a wave's devices' reports are read while it is applying. */
export const WAVE_CHECK_INTERVAL_MS = 1_000;

// Retries cover PostgreSQL or broker blips inside a step; a job that still fails is removed, and the
// resumer queues the step again from the stored state. Completed jobs are removed so that a step's id
// can be queued again later (BullMQ ignores an add whose id still exists).
const JOB_OPTIONS: JobsOptions = { attempts: 5, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: true, removeOnFail: true };

/** Queues the steps of deployments, one deterministic job id per step and wave. */
@Injectable()
export class RolloutJobsService {
  // The queue's connection errors are heard by HeardQueue (libs/platform); failed adds surface here.
  constructor(@InjectQueue(QueueName.Rollout) private readonly queue: Queue<RolloutJobData>) {}

  startWave(data: RolloutJobData): Promise<void> {
    return this.add(RolloutJobName.WaveStart, data, 0);
  }

  checkWave(data: RolloutJobData, delayMs = WAVE_CHECK_INTERVAL_MS): Promise<void> {
    return this.add(RolloutJobName.WaveCheck, data, delayMs);
  }

  endBake(data: RolloutJobData, at: Date): Promise<void> {
    return this.add(RolloutJobName.WaveBakeDone, data, Math.max(0, at.getTime() - Date.now()));
  }

  /**
   * The bake-done step of a wave whose bake an operator ended early. A job id of its own: the step's
   * usual job is already delayed until the planned end (and one being run at this moment could delay
   * itself to it again); that one still runs then and finds the wave judged, which changes nothing.
   */
  endBakeNow(data: RolloutJobData): Promise<void> {
    return this.add(RolloutJobName.WaveBakeDone, data, 0, `${rolloutJobId(RolloutJobName.WaveBakeDone, data)}.promoted`);
  }

  /** The rollback of a deployment; `waveIndex` is the latest wave that started (failed its gates, or was aborted): one per deployment. */
  rollBack(data: RolloutJobData): Promise<void> {
    return this.add(RolloutJobName.Rollback, data, 0);
  }

  private async add(name: RolloutJobName, data: RolloutJobData, delay: number, jobId = rolloutJobId(name, data)): Promise<void> {
    await this.queue.add(name, { deploymentId: data.deploymentId, waveIndex: data.waveIndex }, { ...JOB_OPTIONS, jobId, delay });
  }
}
