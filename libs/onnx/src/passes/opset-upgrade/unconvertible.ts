import { stringAttribute } from '../node-attributes';
import { UnsupportedNodeError } from './opset-upgrade.errors';
import type { StepConverter } from './upgrade-context';

/** A step whose new meaning cannot be matched by rewriting the node: always refused. */
export function refuse(reason: string): StepConverter {
  return () => {
    throw new UnsupportedNodeError(reason);
  };
}

/**
 * ConvTranspose-11 swapped the documented side that gets the odd padding element for
 * auto_pad SAME_UPPER / SAME_LOWER (the old text put it at the start for SAME_UPPER). Explicit
 * pads, the usual export, mean the same at both versions. ONNX Runtime 1.30 computes SAME_* alike
 * at opsets 9 and 13 (checked), so the refusal follows the specification, not our runtime.
 */
export const requireExplicitPads: StepConverter = (node) => {
  const autoPad = stringAttribute(node, 'auto_pad') ?? 'NOTSET';
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    throw new UnsupportedNodeError(
      `auto_pad ${autoPad}: ConvTranspose-11 changed where the odd padding element goes`,
    );
  }
};

/** Scatter was deprecated at 11 in favour of ScatterElements, which has the same inputs and axis. */
export const scatterToScatterElements: StepConverter = (node) => {
  node.opType = 'ScatterElements';
};
