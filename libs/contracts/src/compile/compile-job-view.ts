import type { AccuracyBudget } from '../hardware';
import type { CompileOptions, CompileStage, VariantStatus } from './compile-job';
import type { VerificationFigures } from './verification-figures';

/** A compile job and the variant it builds, as the operator API returns it. */
export interface CompileJobView {
  /** Job id, also the variant id. */
  id: string;
  /** Model name. */
  model: string;
  /** Model version number. */
  version: number;
  /** Hardware profile the variant is built for. */
  hardwareProfile: string;
  /** Options of the request. */
  options: CompileOptions;
  /** The budget the variant was judged against (the profile's, with the request's overrides). */
  accuracyBudget: AccuracyBudget;
  /** `accepted` variants are deployable; `rejected` ones (outside the budget) never are. */
  status: VariantStatus;
  /** Stage while compiling, else null. */
  stage: CompileStage | null;
  /** Attempts started (transient failures are retried with backoff). */
  attempts: number;
  /** Why the variant was rejected, failed or cancelled. */
  reason: string | null;
  /** The compiled file in the artifact store, once there is one. */
  artifact: { sha256: string; sizeBytes: number } | null;
  /** Self-test samples devices check the variant against (.npz at /variants/{id}/samples); accepted variants only. */
  samples: { sha256: string; sizeBytes: number } | null;
  /** Verification against the fp32 original, once measured. */
  figures: VerificationFigures | null;
  /** What the pass did: tensors converted or kept, nodes quantized, nodes an ASIC would leave to its host CPU. */
  passReport: Record<string, unknown> | null;
  /** ISO 8601 times. */
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

