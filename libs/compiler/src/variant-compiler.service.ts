import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  CompileJobData,
  CompileStage,
  effectiveBudget,
  VerificationFigures,
} from '@edgeplane/contracts';
import { ARTIFACT_STORE, ArtifactStore } from '@edgeplane/artifacts';
import {
  InputSet,
  inspectModel,
  readCalibrationSet,
  readModel,
  syntheticInputs,
  verifyVariant,
  writeModel,
} from '@edgeplane/onnx';
import type { ModelProto } from 'onnx-buf';
import { VariantOutcome, VariantRepository } from '@edgeplane/persistence';
import { CompileCancelledError } from './compile.errors';
import { passFor } from './passes-by-class';

interface VerificationInputs {
  calibration: InputSet;
  verification: InputSet;
  source: 'calibration-set' | 'synthetic';
}

// Enough inputs for stable accuracy figures while keeping a compile within seconds on two cores.
const SYNTHETIC_INPUT_COUNT = 8;
const SYNTHETIC_SEED = 20261128;

/**
 * Builds one variant: load the original, run the profile's pass, verify against the original in
 * ONNX Runtime, judge against the accuracy budget, store the file, record the outcome. The file is
 * written only through the artifact store's stage/commit, so a killed worker leaves nothing partial.
 */
@Injectable()
export class VariantCompilerService {
  constructor(
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly variants: VariantRepository,
  ) {}

  async compile(job: CompileJobData, progress: (stage: CompileStage) => Promise<void>): Promise<VariantOutcome | null> {
    if (!(await this.variants.startAttempt(job.variantId, new Date()))) return null; // cancelled meanwhile
    const stage = async (name: CompileStage) => {
      if (!(await this.variants.setStage(job.variantId, name))) throw new CompileCancelledError(job.variantId);
      await progress(name);
    };

    await stage('loading');
    const original = await buffer(await this.store.open(job.sourceSha256));
    const model = readModel(original);

    await stage('calibrating');
    const { calibration, verification, source } = await this.inputsFor(job, model);

    await stage('transforming');
    const pass = await passFor(job.profile)(model, job.profile, calibration);
    const variant = writeModel(pass.model);

    await stage('verifying');
    const figures = await verifyVariant(original, variant, verification, { inputSource: source });
    const verdict = judge(figures, job);

    await stage('storing');
    const staged = await this.store.stage(Readable.from([variant]), variant.length + 1);
    await staged.commit();
    const outcome: VariantOutcome = {
      ...verdict,
      sha256: staged.sha256,
      sizeBytes: staged.sizeBytes,
      figures,
      passReport: pass.report,
    };
    if (!(await this.variants.finish(job.variantId, outcome, new Date()))) {
      if (!(await this.variants.isReferenced(staged.sha256))) await this.store.remove(staged.sha256);
      return null;
    }
    return outcome;
  }

  /**
   * Inputs to calibrate static quantization and to verify on: the version's calibration set when it
   * has one (both use it), else two different synthetic sets, so that verification never runs on the
   * very inputs the scales were fitted to.
   */
  private async inputsFor(job: CompileJobData, model: ModelProto): Promise<VerificationInputs> {
    const metadata = inspectModel(model);
    if (job.calibrationSha256) {
      const set = readCalibrationSet(await buffer(await this.store.open(job.calibrationSha256)), metadata);
      return { calibration: set, verification: set, source: 'calibration-set' };
    }
    const synthetic = (seed: number) => syntheticInputs(metadata, { count: SYNTHETIC_INPUT_COUNT, seed });
    return { calibration: synthetic(SYNTHETIC_SEED), verification: synthetic(SYNTHETIC_SEED + 1), source: 'synthetic' };
  }

  async fail(variantId: string, reason: string): Promise<void> {
    await this.variants.finish(variantId, { status: 'failed', reason }, new Date());
  }
}

/** Accepted when the variant keeps the budget; otherwise rejected, with the numbers that decided it. */
function judge(figures: VerificationFigures, job: CompileJobData): Pick<VariantOutcome, 'status' | 'reason'> {
  const budget = effectiveBudget(job.profile, job.options);
  const problems: string[] = [];
  if (figures.cosine < budget.minCosine) {
    problems.push(`output cosine ${figures.cosine.toFixed(6)} < ${budget.minCosine}`);
  }
  if (figures.top1Agreement !== null && figures.top1Agreement < budget.minTop1Agreement) {
    problems.push(`top-1 agreement ${figures.top1Agreement.toFixed(4)} < ${budget.minTop1Agreement}`);
  }
  if (figures.sizeBytes > job.profile.maxModelBytes) {
    problems.push(`size ${figures.sizeBytes} bytes > the profile's ${job.profile.maxModelBytes}`);
  }
  const note = figures.inputs.source === 'synthetic' ? ' (measured on synthetic inputs)' : '';
  return problems.length === 0
    ? { status: 'accepted' }
    : { status: 'rejected', reason: `outside the accuracy budget${note}: ${problems.join('; ')}` };
}
