import { intsAttribute, removeAttribute } from '../node-attributes';
import { int64Tensor } from '../tensor-values';
import { UnsupportedNodeError } from './opset-upgrade.errors';
import type { StepConverter } from './upgrade-context';

/**
 * Slice-10 takes starts, ends, axes (and new: steps) as int64 inputs instead of attributes. The
 * values mean the same (negative = from the back, beyond the end = the end). Slice-1 defaulted
 * axes to [0, …, len(starts)-1] while Slice-10 says [0, …, rank-1]; the axes input is therefore
 * always written out, so the two cannot disagree. Steps stay absent: 1, the only step before.
 */
export const sliceAttributesToInputs: StepConverter = (node, context) => {
  const starts = intsAttribute(node, 'starts');
  const ends = intsAttribute(node, 'ends');
  if (!starts || !ends || starts.length !== ends.length) {
    throw new UnsupportedNodeError('Slice-1 needs starts and ends attributes of equal length');
  }
  const axes = intsAttribute(node, 'axes') ?? starts.map((_, index) => BigInt(index));
  for (const name of ['starts', 'ends', 'axes']) removeAttribute(node, name);
  const output = node.output[0];
  node.input = [
    node.input[0],
    context.addInitializer(`${output}_starts`, int64Tensor('', starts)),
    context.addInitializer(`${output}_ends`, int64Tensor('', ends)),
    context.addInitializer(`${output}_axes`, int64Tensor('', axes)),
  ];
};
