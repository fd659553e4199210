export { pruneByMagnitude, type PruneReport, type PruneResult } from './prune-magnitude';
export { InvalidSparsityError, MAX_SPARSITY } from './prune.errors';
