export type { FeedTensor, FeedType, InputSet, SyntheticInputOptions } from './input-sets';
export { DEFAULT_BATCH_SIZE, DEFAULT_DIM, resolveDims, syntheticInputs } from './input-sets';
export { countIntegerKernels, isIntegerKernel } from './integer-kernels';
export type { Top1Count } from './output-comparison';
export {
  PROBABILITY_SUM_TOLERANCE,
  cosineSimilarity,
  looksLikeClassScores,
  maxAbsError,
  maxRelError,
  top1Agreement,
} from './output-comparison';
export type { OriginalReference } from './original-reference';
export { measureOriginal } from './original-reference';
export { variantOutputs } from './variant-outputs';
export type { VerificationFailureReason } from './verification.errors';
export { VerificationError } from './verification.errors';
export type { AccuracyBasis, VerificationWithOutputs, VerifyVariantOptions } from './verify-variant';
export { DEFAULT_LATENCY_RUNS, verifyVariant, verifyVariantKeepingOutputs } from './verify-variant';
