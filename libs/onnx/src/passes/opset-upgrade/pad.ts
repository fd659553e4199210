import { removeAttribute, stringAttribute } from '../node-attributes';
import { int64Tensor } from '../tensor-values';
import { UnsupportedNodeError } from './opset-upgrade.errors';
import { scalarLike } from './scalar-input';
import type { StepConverter } from './upgrade-context';

/**
 * Pad-11 takes pads (int64, same layout [x1_begin, x2_begin, …, x1_end, x2_end, …]) and
 * constant_value (scalar of the data's type) as inputs instead of the attributes pads and value.
 * The mode attribute is unchanged. A value of 0 is left out: 0 is the default of both versions,
 * and leaving it out spares proving the data's element type.
 */
export const padAttributesToInputs: StepConverter = (node, context) => {
  const pads = removeAttribute(node, 'pads');
  const value = removeAttribute(node, 'value')?.f ?? 0;
  if (!pads) throw new UnsupportedNodeError('Pad-2 has no pads attribute (it is required)');
  const output = node.output[0];
  const [data] = node.input;
  node.input = [data, context.addInitializer(`${output}_pads`, int64Tensor('', pads.ints))];
  const mode = stringAttribute(node, 'mode') ?? 'constant';
  if (mode === 'constant' && value !== 0) {
    node.input.push(scalarLike(context, data, `${output}_value`, value, "Pad's value"));
  }
};
