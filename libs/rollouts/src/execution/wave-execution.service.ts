import { Injectable, Logger } from '@nestjs/common';
import type { GateEvaluation, RolloutJobData } from '@edgeplane/contracts';
import { DeploymentExecutionRepository, DeviceStateRepository, WaveContext } from '@edgeplane/persistence';
import { WaveGatesService } from '../gates/wave-gates.service';
import { RolloutMetrics } from '../metrics/rollout.metrics';
import { settlementsFor } from './device-progress';
import { RolloutJobsService, WAVE_CHECK_INTERVAL_MS } from './rollout-jobs.service';
import { WaveDevicesWriter } from './wave-devices.writer';

/** What a step asks of its job: done, or run again at a later time (a check while devices are applying). */
export type StepOutcome = { done: true } | { done: false; retryAt: Date };

const DONE: StepOutcome = { done: true };

/**
 * The steps of a running deployment, one wave at a time: start (write desired states), check (read
 * reports, settle devices, start the bake when all are settled), bake done (judge the gates; pass the
 * wave and start the next or complete the deployment, or fail it and roll back or pause). Each step
 * reads the stored state and acts only through conditional transitions, so running a step twice, late, or on two replicas changes nothing twice.
 */
@Injectable()
export class WaveExecutionService {
  private readonly logger = new Logger(WaveExecutionService.name);

  constructor(
    private readonly execution: DeploymentExecutionRepository,
    private readonly reports: DeviceStateRepository,
    private readonly writer: WaveDevicesWriter,
    private readonly jobs: RolloutJobsService,
    private readonly gates: WaveGatesService,
    private readonly metrics: RolloutMetrics,
  ) {}

  async start(step: RolloutJobData): Promise<StepOutcome> {
    let context = await this.runningWave(step);
    if (!context) return DONE;
    if (context.wave.state === 'pending') {
      if (!(await this.execution.startWave(step.deploymentId, step.waveIndex, context.devices.length))) return DONE;
      this.logger.log(`deployment ${step.deploymentId}: wave ${step.waveIndex} started (${context.devices.length} devices)`);
      context = { ...context, wave: { ...context.wave, state: 'applying' } };
    }
    if (context.wave.state !== 'applying') return DONE;
    await this.writer.writePending(context);
    await this.jobs.checkWave(step);
    return DONE;
  }

  async check(step: RolloutJobData): Promise<StepOutcome> {
    let context = await this.runningWave(step);
    if (!context || context.wave.state !== 'applying') return DONE;
    if (context.devices.some(({ status }) => status === 'pending')) {
      // Devices a crashed start left unwritten are written now.
      await this.writer.writePending(context);
      context = await this.runningWave(step);
      if (!context) return DONE;
    }

    const now = new Date();
    const deadline = new Date((context.startedAt ?? now).getTime() + context.deadlineSeconds * 1000);
    const applying = context.devices.filter(({ status }) => status === 'applying');
    const reports = await this.reports.assignmentsOfModel(applying.map(({ deviceId }) => deviceId), context.modelName);
    const settlements = settlementsFor(applying, reports, now, deadline);
    if (settlements.length > 0) await this.execution.settle(step.deploymentId, settlements);
    if (settlements.length < applying.length) return { done: false, retryAt: new Date(now.getTime() + WAVE_CHECK_INTERVAL_MS) };

    // A wave without deployable devices has nothing to bake.
    const bakeUntil = new Date(Date.now() + (context.devices.length === 0 ? 0 : context.wave.bakeSeconds * 1000));
    const outcome = await this.execution.deviceCounts(step.deploymentId, step.waveIndex);
    if (await this.execution.startBake(step.deploymentId, step.waveIndex, bakeUntil, outcome)) {
      this.logger.log(`deployment ${step.deploymentId}: wave ${step.waveIndex} applied ${JSON.stringify(outcome)}, baking until ${bakeUntil.toISOString()}`);
      await this.jobs.endBake(step, bakeUntil);
    }
    return DONE;
  }

  async bakeDone(step: RolloutJobData): Promise<StepOutcome> {
    const context = await this.runningWave(step);
    if (!context) return DONE;
    if (context.wave.state === 'baking') {
      // The job may run early (clocks of Redis and this host differ): wait for the stored end of the bake.
      if (context.wave.bakeUntil && context.wave.bakeUntil.getTime() > Date.now()) return { done: false, retryAt: context.wave.bakeUntil };
      const evaluation = await this.gates.evaluate(context);
      this.metrics.gateEvaluated(evaluation.passed);
      if (!evaluation.passed) return this.failWave(step, context, evaluation);
      if (await this.execution.passWave(step.deploymentId, step.waveIndex, evaluation)) {
        this.logger.log(`deployment ${step.deploymentId}: wave ${step.waveIndex} passed its gates`);
      }
    } else if (context.wave.state !== 'passed') {
      return DONE;
    }
    // Advancing is repeatable too: the next wave's start and the completion are conditional.
    if (step.waveIndex + 1 < context.waveCount) {
      await this.jobs.startWave({ deploymentId: step.deploymentId, waveIndex: step.waveIndex + 1 });
    } else if (await this.execution.complete(step.deploymentId, await this.execution.deviceCounts(step.deploymentId))) {
      this.logger.log(`deployment ${step.deploymentId}: completed`);
    }
    return DONE;
  }

  /** Fails the wave and, in the same transition, rolls the deployment back (automatic rollback) or pauses it. */
  private async failWave(step: RolloutJobData, context: WaveContext, evaluation: GateEvaluation): Promise<StepOutcome> {
    const failedGates = evaluation.gates.filter(({ verdict }) => verdict === 'failed').map(({ gate }) => gate);
    const outcome = context.autoRollback ? 'rolling_back' : 'paused';
    if (await this.execution.failWave(step.deploymentId, step.waveIndex, evaluation, outcome, failedGates)) {
      this.logger.warn(`deployment ${step.deploymentId}: wave ${step.waveIndex} failed its gates (${failedGates.join(', ')}), ${outcome}`);
    }
    if (context.autoRollback) await this.jobs.rollBack(step);
    return DONE;
  }

  /** The wave, if its deployment is still running (a superseded or finished deployment's jobs do nothing). */
  private async runningWave(step: RolloutJobData): Promise<WaveContext | null> {
    const context = await this.execution.waveContext(step.deploymentId, step.waveIndex);
    return context?.deploymentState === 'running' ? context : null;
  }
}

