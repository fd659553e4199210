import type { AccuracyBudget, HardwareProfileSpec } from '../hardware';

/** What an operator can ask of one compile, beyond the profile's own requirements. */
export interface CompileOptions {
  /** Magnitude-prune Conv/MatMul/Gemm weights to this fraction of zeros (0.05–0.95) before the pass; kept only if the variant passes the accuracy gate. */
  pruneSparsity?: number;
  /** Overrides of the profile's accuracy budget for this compile. */
  accuracyBudget?: Partial<AccuracyBudget>;
  /**
   * Static-int8 profiles only (others ignore it): names of Conv/MatMul/Gemm nodes to leave in float,
   * as accelerator toolchains allow for accuracy-sensitive layers. The device runs them on its host
   * CPU; the pass report lists them as host fallback. An unknown name fails the compile.
   */
  keepInFloat?: string[];
}

/** `POST /models/{name}/versions/{version}/compile`: which profiles, with which options. */
export interface CompileRequest {
  /** Hardware profile names; default: every built-in profile the compiler has a pass for. */
  profiles?: string[];
  options?: CompileOptions;
}

/** Payload of a CompileVariant job; everything the compiler needs without reading the controller's tables. */
export interface CompileJobData {
  /** Id of the variant row this job builds; also the BullMQ job id. */
  variantId: string;
  /** Model name. */
  model: string;
  /** Model version number. */
  version: number;
  /** SHA-256 of the uploaded ONNX file in the artifact store. */
  sourceSha256: string;
  /** SHA-256 of the version's calibration set (.npz), or null: then inputs are synthesized from the declared shapes. */
  calibrationSha256: string | null;
  /** The version the model was distilled from, whose fp32 outputs the variant is also compared with. */
  teacher: { model: string; version: number; sha256: string } | null;
  /** The hardware profile as it was when the compile was requested. */
  profile: HardwareProfileSpec;
  /** Requested options. */
  options: CompileOptions;
}

/** Stages a compile job reports as its progress, in order. */
export const COMPILE_STAGES = ['loading', 'converting', 'calibrating', 'transforming', 'verifying', 'storing'] as const;
export type CompileStage = (typeof COMPILE_STAGES)[number];

/** Lifecycle of a variant. `accepted` variants are deployable; `rejected` ones never are. */
export const VARIANT_STATUSES = ['queued', 'compiling', 'accepted', 'rejected', 'failed', 'cancelled'] as const;
export type VariantStatus = (typeof VARIANT_STATUSES)[number];

/** The profile's accuracy budget with a compile request's overrides applied. */
export function effectiveBudget(profile: HardwareProfileSpec, options: CompileOptions): AccuracyBudget {
  return { ...profile.accuracyBudget, ...options.accuracyBudget };
}
