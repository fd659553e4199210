export {
  type BatchNormFoldReport,
  type BatchNormFoldResult,
  foldBatchNorm,
  type SkippedBatchNorm,
} from './fold-batch-norm';
