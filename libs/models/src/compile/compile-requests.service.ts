import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import {
  BUILT_IN_HARDWARE_PROFILES,
  CompileJobData,
  CompileJobName,
  CompileJobView,
  CompileOptions,
  HardwareProfileSpec,
  QueueName,
} from '@edgeplane/contracts';
import { ModelVersionRow, VariantRepository, VariantRow } from '@edgeplane/persistence';
import { withDeadline } from '@edgeplane/platform';
import { HardwareProfilesService } from '@edgeplane/registry';
import { ModelsService } from '../versions/models.service';
import { toCompileJobView } from './compile-job.view';
import { CompileJobFinishedError, CompileJobNotFoundError, QueueUnavailableError } from './compile.errors';

// How long a compile request waits to learn whether Redis answers.
const QUEUE_PROBE_MS = 2_000;

// Transient failures (Redis or PostgreSQL blips, a killed worker) are retried; bad models are not.
const JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: true, removeOnFail: true };

@Injectable()
export class CompileRequestsService {
  constructor(
    @InjectQueue(QueueName.Compile) private readonly queue: Queue<CompileJobData>,
    private readonly models: ModelsService,
    private readonly variants: VariantRepository,
    private readonly profiles: HardwareProfilesService,
  ) {}

  /**
   * One job per requested profile. Asking again for the same (version, profile, options) returns the
   * existing job; only a failed or cancelled one is queued again.
   */
  async request(model: string, version: number, profileNames: string[] | undefined, options: CompileOptions, requesterId: string | null): Promise<CompileJobView[]> {
    const row = await this.models.requireVersion(model, version);
    const specs = await this.resolveProfiles(profileNames);
    await this.assertQueueReachable();
    const jobs: CompileJobView[] = [];
    for (const profile of specs) {
      const { variant, created } = await this.variants.findOrCreate({
        modelVersionId: row.id,
        hardwareProfile: profile.name,
        profile: { ...profile },
        options: { ...options },
        // A new calibration set gives new figures, so it is part of what makes a variant distinct.
        optionsKey: canonicalJson({ options, calibration: row.calibrationSha256 }),
        createdById: requesterId,
      });
      if (created || (await this.variants.requeue(variant.id))) await this.enqueue(variant, jobData(row, variant.id, profile, options));
      jobs.push(await this.get(variant.id));
    }
    return jobs;
  }

  /**
   * Queues again each variant PostgreSQL holds as queued whose job Redis no longer has: a Redis that
   * restarted without persistence (or was flushed) forgets its jobs, and nothing else would ever run
   * them. A job still in Redis is left alone; one queued twice by id is kept once. Returns how many.
   */
  async requeueLost(): Promise<number> {
    let requeued = 0;
    for (const variant of await this.variants.listQueued()) {
      if (await this.queue.getJob(variant.id)) continue;
      const row = await this.models.requireVersion(variant.modelVersion.model.name, variant.modelVersion.version);
      // The profile and options the variant was requested with, as stored with it.
      await this.enqueue(variant, jobData(row, variant.id, variant.profile as unknown as HardwareProfileSpec, variant.options as CompileOptions));
      requeued++;
    }
    return requeued;
  }

  async get(id: string): Promise<CompileJobView> {
    const row = await this.variants.findById(id);
    if (!row) throw new CompileJobNotFoundError(id);
    return toCompileJobView(row);
  }

  async listForVersion(model: string, version: number): Promise<CompileJobView[]> {
    const row = await this.models.requireVersion(model, version);
    return (await this.variants.listForVersion(row.id)).map(toCompileJobView);
  }

  /** Cancels a job: a waiting one leaves the queue, a running one stops at its next stage. */
  async cancel(id: string): Promise<CompileJobView> {
    const row = await this.variants.findById(id);
    if (!row) throw new CompileJobNotFoundError(id);
    if (!(await this.variants.cancel(id, new Date()))) throw new CompileJobFinishedError(id, row.status);
    await this.queue.remove(id).catch(() => undefined); // an active job is locked; the worker sees the cancel
    return this.get(id);
  }

  /**
   * Refuses up front when Redis is down: BullMQ would otherwise wait for it to return, and the request
   * would hang with variant rows written and no job behind them.
   */
  private async assertQueueReachable(): Promise<void> {
    const client = await withDeadline(this.queue.client, QUEUE_PROBE_MS, 'the compile queue').catch(() => null);
    if (client?.status !== 'ready') throw new QueueUnavailableError();
  }

  private async enqueue(variant: VariantRow, data: CompileJobData): Promise<void> {
    try {
      // The variant id as job id: BullMQ keeps one job per id, so a double submit cannot run twice.
      await this.queue.add(CompileJobName.CompileVariant, data, { ...JOB_OPTIONS, jobId: variant.id });
    } catch (error) {
      // Never leave a variant "queued" with no job behind it; asking again re-queues a failed one.
      const reason = `could not queue the job: ${error instanceof Error ? error.message : String(error)}`;
      await this.variants.finish(variant.id, { status: 'failed', reason }, new Date());
      throw error;
    }
  }

  /** The named profiles as they are now (a snapshot goes with each job); by default the built-ins. */
  private async resolveProfiles(names: string[] | undefined): Promise<HardwareProfileSpec[]> {
    if (!names) return Object.values(BUILT_IN_HARDWARE_PROFILES).map((spec) => ({ ...spec }));
    const specs = await Promise.all(names.map((name) => this.profiles.get(name)));
    return specs.map(({ builtIn: _builtIn, createdAt: _created, updatedAt: _updated, ...spec }) => spec);
  }
}

/** What a compiler needs to build `variantId` from version `row`. */
function jobData(row: ModelVersionRow, variantId: string, profile: HardwareProfileSpec, options: CompileOptions): CompileJobData {
  return {
    variantId,
    model: row.model.name,
    version: row.version,
    sourceSha256: row.sha256,
    calibrationSha256: row.calibrationSha256,
    teacher: row.teacher && { model: row.teacher.model.name, version: row.teacher.version, sha256: row.teacher.sha256 },
    profile,
    options,
  };
}

/** JSON with sorted keys, so that equal options always give the same key. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
