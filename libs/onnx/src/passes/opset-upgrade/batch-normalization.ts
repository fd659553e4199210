import { removeAttribute } from '../node-attributes';
import { UnsupportedNodeError } from './opset-upgrade.errors';
import type { StepConverter } from './upgrade-context';

/**
 * BatchNormalization-9 dropped the `spatial` attribute and always normalises per channel, which
 * is what spatial = 1 (the default) meant. spatial = 0 normalised per activation (mean and
 * variance of shape C×D1×…×Dn) and has no direct equivalent: the Changelog suggests flattening
 * the input first, which is not done here.
 */
export const requireSpatialNormalization: StepConverter = (node) => {
  const spatial = removeAttribute(node, 'spatial');
  if (spatial && spatial.i !== 1n) {
    throw new UnsupportedNodeError('spatial = 0 (per-activation statistics) was removed at opset 9');
  }
};
