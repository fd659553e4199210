import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { RolloutJobName } from '@edgeplane/contracts';
import { DeploymentExecutionRepository, DeploymentRollbackRepository, RunningDeployment } from '@edgeplane/persistence';
import { PeriodicTask } from '@edgeplane/platform';
import { RolloutJobsService } from './rollout-jobs.service';
import { stepToResume } from './resume-step';

/** How often running deployments are checked for a step that is not queued. */
const RESUME_INTERVAL_MS = 30_000;

/**
 * Queues, for every running deployment, the step its stored state calls for (`stepToResume`), and for every
 * deployment rolling back its `rollback` step: at boot and then
 * periodically. Jobs live in Redis and survive a restart; this covers the gaps where a process died
 * between storing a transition and queuing the next step, or a job failed for good. Adding a step
 * that is queued already is a no-op (same job id), and running one twice changes nothing twice.
 */
@Injectable()
export class RolloutResumerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task = new PeriodicTask('rollout resumer', RESUME_INTERVAL_MS, () => this.resumeAll());

  constructor(
    private readonly execution: DeploymentExecutionRepository,
    private readonly rollbacks: DeploymentRollbackRepository,
    private readonly jobs: RolloutJobsService,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start();
    // Not awaited: a Redis outage at boot must not hold the controller's start-up.
    void this.task.runNow();
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }

  async resumeAll(): Promise<void> {
    for (const deployment of await this.execution.running()) await this.resume(deployment);
    // A rollback is one repeatable step: queue it again for every deployment still rolling back.
    for (const { id, failedWave } of await this.rollbacks.rollingBack()) await this.jobs.rollBack({ deploymentId: id, waveIndex: failedWave });
  }

  /** Queues the step a running deployment's stored waves call for (also after an operator's resume). */
  async resume(deployment: RunningDeployment): Promise<void> {
    const step = stepToResume(deployment.waves, new Date());
    if (!step) return;
    const data = { deploymentId: deployment.id, waveIndex: step.waveIndex };
    if (step.name === RolloutJobName.WaveStart) await this.jobs.startWave(data);
    else if (step.name === RolloutJobName.WaveCheck) await this.jobs.checkWave(data, 0);
    else await this.jobs.endBake(data, step.at);
  }
}
