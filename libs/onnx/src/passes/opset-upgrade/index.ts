export { DEFAULT_TARGET_OPSET, upgradeOpset } from './opset-upgrade';
export { MAX_TARGET_OPSET, MIN_SOURCE_OPSET } from './operator-history';
export {
  type OpsetUpgradeProblem,
  OpsetUpgradeUnsupportedError,
  type OpsetUpgradeUnsupportedDetails,
} from './opset-upgrade.errors';
