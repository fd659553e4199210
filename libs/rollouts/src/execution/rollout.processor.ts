import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { QueueName, RolloutJobData, RolloutJobName } from '@edgeplane/contracts';
import { RollbackService } from './rollback.service';
import { StepOutcome, WaveExecutionService } from './wave-execution.service';

/** Steps of different deployments run side by side; the steps of one deployment follow each other. */
const CONCURRENCY = 8;

/**
 * Consumes the rollout queue in the controller. Thin: dispatches each step to the engine; a step that
 * must run again later (a check while devices apply) moves its own job back to delayed, keeping its
 * id, so that the step stays queued exactly once.
 */
@Processor(QueueName.Rollout, { concurrency: CONCURRENCY })
export class RolloutProcessor extends WorkerHost {
  private readonly logger = new Logger(RolloutProcessor.name);

  constructor(
    private readonly waves: WaveExecutionService,
    private readonly rollbacks: RollbackService,
  ) {
    super();
  }

  async process(job: Job<RolloutJobData>, token?: string): Promise<void> {
    const outcome = await this.run(job.name as RolloutJobName, job.data);
    if (!outcome.done) {
      await job.moveToDelayed(outcome.retryAt.getTime(), token);
      throw new DelayedError();
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<RolloutJobData> | undefined, error: Error): void {
    this.logger.warn(`rollout job ${job?.id ?? '?'} (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`);
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    // Redis unreachable: the worker reconnects by itself and the jobs wait in Redis.
    this.logger.debug(`rollout worker: ${error.message}`);
  }

  private run(name: RolloutJobName, step: RolloutJobData): Promise<StepOutcome> {
    switch (name) {
      case RolloutJobName.WaveStart:
        return this.waves.start(step);
      case RolloutJobName.WaveCheck:
        return this.waves.check(step);
      case RolloutJobName.WaveBakeDone:
        return this.waves.bakeDone(step);
      case RolloutJobName.Rollback:
        return this.rollbacks.rollBack(step).then(() => ({ done: true }));
      default:
        throw new Error(`unknown rollout job name "${String(name)}"`);
    }
  }
}
