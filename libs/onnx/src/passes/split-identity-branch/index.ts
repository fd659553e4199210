export {
  type IdentityBranchSplitReport,
  type IdentityBranchSplitResult,
  splitIdentityBranches,
} from './split-identity-branch';
