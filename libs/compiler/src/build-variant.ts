import type { CompileJobData, CompileStage, VerificationFigures } from '@edgeplane/contracts';
import { effectiveBudget } from '@edgeplane/contracts';
import {
  type FeedTensor,
  InputSet,
  type OriginalReference,
  pruneByMagnitude,
  verifyVariantKeepingOutputs,
  writeModel,
} from '@edgeplane/onnx';
import type { ModelProto } from 'onnx-buf';
import { accuracyBasisFor, passFor } from './pass-for-profile';
import { MAX_SELF_TEST_SAMPLES } from './self-test-samples';

/** Inputs a variant is built and judged with. */
export interface VariantInputs {
  calibration: InputSet;
  verification: InputSet;
  source: 'calibration-set' | 'synthetic';
}

/** The original model, parsed, and how to get its reference outputs on the verification inputs (`measureOriginal`). */
export interface OriginalModel {
  model: ModelProto;
  /** Asked for only once a pass has succeeded: a model the pass refuses gets the pass's reason. */
  reference: () => Promise<OriginalReference>;
}

export interface Verdict {
  status: 'accepted' | 'rejected';
  reason?: string;
}

/** A compiled, verified and judged variant, not yet stored. */
export interface BuiltVariant {
  bytes: Uint8Array;
  figures: VerificationFigures;
  verdict: Verdict;
  passReport: object;
  /** Its host-kernel outputs on the first verification inputs, when verification kept them: the self-test's expected values. */
  hostOutputs: Record<string, FeedTensor>[] | null;
}

/**
 * Runs the profile's pass and verifies the result. With `pruneSparsity`, the pruned model is tried
 * first and kept only if it passes the accuracy gate; otherwise the unpruned variant is built and
 * the report says why pruning was dropped.
 */
export async function buildVariant(
  job: CompileJobData,
  original: OriginalModel,
  inputs: VariantInputs,
  stage: (name: CompileStage) => Promise<void>,
): Promise<BuiltVariant> {
  const sparsity = job.options.pruneSparsity;
  const { model, reference } = original;
  if (sparsity === undefined) return attempt(job, model, reference, inputs, stage);
  const pruning = pruneByMagnitude(model, sparsity);
  const pruned = await attempt(job, pruning.model, reference, inputs, stage);
  if (pruned.verdict.status === 'accepted') {
    return { ...pruned, passReport: { ...pruned.passReport, pruning: { ...pruning.report, kept: true } } };
  }
  const plain = await attempt(job, model, reference, inputs, stage);
  const dropped = { ...pruning.report, kept: false, reason: pruned.verdict.reason };
  return { ...plain, passReport: { ...plain.passReport, pruning: dropped } };
}

async function attempt(
  job: CompileJobData,
  model: ModelProto,
  reference: () => Promise<OriginalReference>,
  inputs: VariantInputs,
  stage: (name: CompileStage) => Promise<void>,
): Promise<BuiltVariant> {
  await stage('transforming');
  const pass = await passFor(job.profile)(model, job.profile, inputs.calibration, job.options);
  const bytes = writeModel(pass.model);
  await stage('verifying');
  const { figures, hostOutputs } = await verifyVariantKeepingOutputs(await reference(), bytes, inputs.verification, {
    inputSource: inputs.source,
    accuracyFrom: accuracyBasisFor(job.profile),
    keepHostOutputs: MAX_SELF_TEST_SAMPLES,
  });
  return { bytes, figures, verdict: judge(figures, job), passReport: pass.report, hostOutputs };
}

/** Accepted when the variant keeps the budget; otherwise rejected, with the numbers that decided it. */
export function judge(figures: VerificationFigures, job: CompileJobData): Verdict {
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
