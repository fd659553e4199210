import { Inject, Injectable } from '@nestjs/common';
import { buffer } from 'node:stream/consumers';
import { CompileJobData, CompileStage, TeacherAgreement, VerificationFigures } from '@edgeplane/contracts';
import { ARTIFACT_STORE, ArtifactStore } from '@edgeplane/artifacts';
import { inspectModel, readCalibrationSet, readModel, syntheticInputs, verifyVariant } from '@edgeplane/onnx';
import type { ModelProto } from 'onnx-buf';
import { ArtifactReferenceRepository, VariantOutcome, VariantRepository } from '@edgeplane/persistence';
import { CompileCancelledError } from './compile.errors';
import { buildVariant, VariantInputs } from './build-variant';
import { OriginalReferences } from './original-references';
import { buildSelfTestSamples } from './self-test-samples';
import { StoredFile, storeTogether } from './store-together';

// Enough inputs for stable accuracy figures while keeping a compile within seconds on two cores.
const SYNTHETIC_INPUT_COUNT = 8;
const SYNTHETIC_SEED = 20261128;

/**
 * Builds one variant: load the original, run the profile's pass, verify against the original in
 * ONNX Runtime, judge against the accuracy budget, store the file (and an accepted variant's
 * self-test samples), record the outcome. Files are written only through the artifact store's
 * stage/commit, all or none, so neither a killed worker nor a failed job leaves anything partial.
 */
@Injectable()
export class VariantCompilerService {
  constructor(
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly variants: VariantRepository,
    private readonly references: ArtifactReferenceRepository,
    private readonly originals: OriginalReferences,
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
    const inputs = await this.inputsFor(job, model);
    // The same for every profile of this version: measured by its first job in this process.
    const referenceKey = `${job.sourceSha256}:${job.calibrationSha256 ?? 'synthetic'}`;
    const reference = () => this.originals.get(referenceKey, original, inputs.verification);
    const built = await buildVariant(job, { model, reference }, inputs, stage);
    const { bytes: variant, figures, verdict, passReport, hostOutputs } = built;
    if (job.teacher) figures.teacherAgreement = await this.teacherAgreement(job.teacher, variant, inputs, figures);

    // Built before anything is stored, so that a failure here leaves neither file behind.
    const samples = verdict.status === 'accepted' ? await buildSelfTestSamples(variant, inputs.verification, hostOutputs) : null;

    await stage('storing');
    return this.storeAndFinish(job.variantId, { ...verdict, figures, passReport }, variant, samples);
  }

  /**
   * Stores the variant and its samples (all or none), then records the outcome with their addresses.
   * A variant cancelled meanwhile keeps no files.
   */
  private async storeAndFinish(
    variantId: string,
    result: VariantOutcome,
    variant: Uint8Array,
    samples: Uint8Array | null,
  ): Promise<VariantOutcome | null> {
    const files = await storeTogether(this.store, samples ? [variant, samples] : [variant], (stored) => this.removeUnreferenced(stored));
    const [stored, storedSamples] = files as [StoredFile, StoredFile?];
    const outcome: VariantOutcome = {
      ...result,
      sha256: stored.sha256,
      sizeBytes: stored.sizeBytes,
      samplesSha256: storedSamples?.sha256,
      samplesBytes: storedSamples?.sizeBytes,
    };
    if (await this.variants.finish(variantId, outcome, new Date())) return outcome;
    await this.removeUnreferenced(files);
    return null;
  }

  /** Removes files no row refers to: the store is content-addressed, another variant may share them. */
  private async removeUnreferenced(files: StoredFile[]): Promise<void> {
    for (const { sha256 } of files) {
      if (!(await this.references.isReferenced(sha256))) await this.store.remove(sha256);
    }
  }

  /**
   * Inputs to calibrate static quantization and to verify on: the version's calibration set when it
   * has one (both use it), else two different synthetic sets, so that verification never runs on the
   * very inputs the scales were fitted to.
   */
  private async inputsFor(job: CompileJobData, model: ModelProto): Promise<VariantInputs> {
    const metadata = inspectModel(model);
    if (job.calibrationSha256) {
      const set = readCalibrationSet(await buffer(await this.store.open(job.calibrationSha256)), metadata);
      return { calibration: set, verification: set, source: 'calibration-set' };
    }
    const synthetic = (seed: number) => syntheticInputs(metadata, { count: SYNTHETIC_INPUT_COUNT, seed });
    return { calibration: synthetic(SYNTHETIC_SEED), verification: synthetic(SYNTHETIC_SEED + 1), source: 'synthetic' };
  }

  /** How the variant agrees with the fp32 teacher it was distilled from, on the same inputs. */
  private async teacherAgreement(
    teacher: NonNullable<CompileJobData['teacher']>,
    variant: Uint8Array,
    inputs: VariantInputs,
    againstOriginal: VerificationFigures,
  ): Promise<TeacherAgreement> {
    const teacherBytes = await buffer(await this.store.open(teacher.sha256));
    const figures = await verifyVariant(teacherBytes, variant, inputs.verification, {
      inputSource: inputs.source,
      accuracyFrom: againstOriginal.accuracyMeasuredOn, // both agreements on one basis
      latencyRuns: 1,
    });
    return {
      teacher: `${teacher.model}@${teacher.version}`,
      cosine: figures.cosine,
      minCosine: figures.minCosine,
      top1Agreement: figures.top1Agreement,
    };
  }

  async fail(variantId: string, reason: string): Promise<void> {
    await this.variants.finish(variantId, { status: 'failed', reason }, new Date());
  }
}
