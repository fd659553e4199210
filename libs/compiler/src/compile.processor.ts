import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { CompileJobData, EdgeplaneError, QueueName } from '@edgeplane/contracts';
import { EdgeplaneConfig } from '@edgeplane/platform';
import { CompileCancelledError } from './compile.errors';
import { CompileMetrics } from './compile.metrics';
import { VariantCompilerService } from './variant-compiler.service';

/**
 * Consumes the compile queue. Thin: unpacks the job, reports stages as progress, and sorts errors
 * into cancelled (done), permanent (the model or request is wrong: failed at once, never retried)
 * and transient (retried with backoff; failed when the last attempt fails).
 */
@Processor(QueueName.Compile)
export class CompileProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(CompileProcessor.name);

  constructor(
    private readonly compiler: VariantCompilerService,
    private readonly config: EdgeplaneConfig,
    private readonly metrics: CompileMetrics,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.EDGEPLANE_COMPILER_CONCURRENCY;
  }

  async process(job: Job<CompileJobData>): Promise<string> {
    const { variantId, model, version, profile } = job.data;
    const label = `${model} v${version} for ${profile.name} (job ${job.id}, attempt ${job.attemptsMade + 1})`;
    const timed = this.metrics.attempt(profile.class);
    try {
      const outcome = await this.compiler.compile(job.data, (stage) => job.updateProgress({ stage }));
      this.logger.log(`${label}: ${outcome?.status ?? 'cancelled'}${outcome?.reason ? ` — ${outcome.reason}` : ''}`);
      timed(outcome?.status ?? 'cancelled');
      return outcome?.status ?? 'cancelled';
    } catch (error) {
      if (error instanceof CompileCancelledError) {
        timed('cancelled');
        return 'cancelled';
      }
      timed('error');
      const reason = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof EdgeplaneError && error.kind === 'invalid';
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn(`${label}: ${permanent ? 'failed' : 'error'} — ${reason}`);
      if (permanent || lastAttempt) await this.compiler.fail(variantId, reason);
      throw permanent ? new UnrecoverableError(reason) : error;
    }
  }
}
