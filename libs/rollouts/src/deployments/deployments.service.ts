import { Injectable, Logger } from '@nestjs/common';
import { DeploymentStrategy, DeploymentSummaryView, DeploymentView, Page, WaveSpec } from '@edgeplane/contracts';
import { ModelsService } from '@edgeplane/models';
import { ActiveOverlap, DeploymentRepository, EventActor, VariantRepository } from '@edgeplane/persistence';
import { RequestValidationError } from '@edgeplane/platform';
import { deploymentRequestProblems } from '../planning/deployment-request.rules';
import { planDevices } from '../planning/device-plan';
import { DeploymentConflictError, DeploymentNotFoundError, NothingToDeployError } from '../rollout.errors';
import { RolloutJobsService } from '../execution/rollout-jobs.service';
import { QUEUE_WAIT_MS, queuedInTime } from '../execution/queue-in-time';
import { DeploymentTargetsService } from './deployment-targets.service';
import { CreateDeploymentDto } from './dto/create-deployment.dto';
import { ListDeploymentsQuery } from './dto/list-deployments.query';
import { toDeploymentSummaryView, toDeploymentView } from './deployment.view';

/** How many shared device ids a 409 shows per conflicting deployment. */
const CONFLICT_SAMPLE = 5;

/** Plans and starts deployments: validates, resolves the target, splits it into waves, picks each device's variant. */
@Injectable()
export class DeploymentsService {
  private readonly logger = new Logger(DeploymentsService.name);

  constructor(
    private readonly deployments: DeploymentRepository,
    private readonly models: ModelsService,
    private readonly variants: VariantRepository,
    private readonly targets: DeploymentTargetsService,
    private readonly jobs: RolloutJobsService,
  ) {}

  /** Stores the deployment and starts it (`running`; its first wave is queued), or refuses it with nothing written. */
  async create(body: CreateDeploymentDto, actor: EventActor | null): Promise<DeploymentView> {
    const problems = deploymentRequestProblems(body);
    if (problems.length > 0) throw new RequestValidationError(problems);
    const version = await this.models.requireVersion(body.model.name, body.model.version);
    const devices = await this.targets.resolve(body.target);

    const strategy = normalizedStrategy(body.strategy);
    const waves = strategy.kind === 'waves' ? strategy.waves : [{ bakeSeconds: strategy.bakeSeconds }];
    const accepted = (await this.variants.listForVersion(version.id)).filter((variant) => variant.status === 'accepted' && variant.sha256 !== null);
    const targeted = devices.map((device) => ({ id: device.id, hardwareProfile: device.hardwareProfile, profileClass: device.profile.class }));
    const planned = planDevices(targeted, waves, accepted);
    if (planned.every((device) => device.variantId === null)) {
      const reasons = [...new Set(planned.map((device) => device.skipReason ?? ''))];
      throw new NothingToDeployError(body.model.name, body.model.version, planned.length, reasons);
    }

    const row = await this.deployments.create(
      {
        modelVersionId: version.id,
        modelName: body.model.name,
        target: { ...body.target },
        strategy,
        gates: { ...body.gates },
        autoRollback: body.autoRollback,
        deadlineSeconds: body.deadlineSeconds,
        waves: waves.map((wave, index) => ({ index, bakeSeconds: wave.bakeSeconds })),
        devices: planned,
        actor,
      },
      (overlaps) => {
        if (overlaps.length > 0 && !body.supersede) throw new DeploymentConflictError(body.model.name, overlaps.map(toConflict));
      },
    );
    await this.queueFirstWave(row.id);
    return toDeploymentView(row);
  }

  /**
   * The deployment is stored as running either way: if Redis does not take the first step in time,
   * the rollout resumer queues it from the stored state (at the latest on its next sweep).
   */
  private async queueFirstWave(deploymentId: string): Promise<void> {
    try {
      if (!(await queuedInTime(() => this.jobs.startWave({ deploymentId, waveIndex: 0 })))) {
        this.logger.warn(`deployment ${deploymentId}: first wave not queued within ${QUEUE_WAIT_MS} ms; the resumer will queue it`);
      }
    } catch (error) {
      this.logger.warn(`deployment ${deploymentId}: first wave not queued (${(error as Error).message}); the resumer will queue it`);
    }
  }

  async get(id: string): Promise<DeploymentView> {
    const row = await this.deployments.findById(id);
    if (!row) throw new DeploymentNotFoundError(id);
    return toDeploymentView(row);
  }

  /** Newest first. One row beyond the page tells whether a next page exists. */
  async list(query: ListDeploymentsQuery): Promise<Page<DeploymentSummaryView>> {
    const rows = await this.deployments.list(query.limit + 1, query.cursor);
    const items = rows.slice(0, query.limit);
    return { items: items.map(toDeploymentSummaryView), nextCursor: rows.length > query.limit ? items[items.length - 1].id : null };
  }
}

/** The strategy as stored: plain objects with only the fields of its kind. */
function normalizedStrategy(strategy: CreateDeploymentDto['strategy']): DeploymentStrategy {
  if (strategy.kind === 'all-at-once') return { kind: 'all-at-once', bakeSeconds: strategy.bakeSeconds ?? 0 };
  return { kind: 'waves', waves: (strategy.waves ?? []).map((wave): WaveSpec => ({ ...wave })) };
}

function toConflict(overlap: ActiveOverlap) {
  return { deploymentId: overlap.deploymentId, overlappingDevices: overlap.deviceIds.length, deviceIds: overlap.deviceIds.slice(0, CONFLICT_SAMPLE) };
}
