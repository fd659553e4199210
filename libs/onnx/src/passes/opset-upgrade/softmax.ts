import { createNode, intAttribute, setIntAttribute } from '../node-attributes';
import type { StepConverter, UpgradeContext } from './upgrade-context';

/**
 * Softmax, LogSoftmax and Hardmax changed meaning at opset 13. Before, the input was coerced to
 * 2-D, [a0·…·a(axis-1), a(axis)·…·a(n-1)], and the operator ran over that second dimension, i.e.
 * over all dimensions from `axis` on together; from 13 it runs over dimension `axis` alone. The
 * default axis also moved from 1 to -1, so the axis is always written out.
 *
 * The two agree when `axis` is the last dimension: when axis is -1, or when the rank is proven
 * (value facts of the input or output) to be axis + 1. Otherwise the old behaviour is rebuilt
 * exactly: Flatten(axis) → op(axis = -1) → Reshape back to Shape(input).
 */
export const coercedAxisToSingleAxis: StepConverter = (node, context) => {
  const axis = Number(intAttribute(node, 'axis') ?? 1n);
  setIntAttribute(node, 'axis', axis);
  if (axis === -1 || provenRank(context, node.input[0], node.output[0]) === axis + 1) return;

  const [input] = node.input;
  const [output] = node.output;
  const flat = context.newValueName(`${input}_2d`);
  const shape = context.newValueName(`${input}_shape`);
  const flatResult = context.newValueName(`${output}_2d`);
  const nodeName = node.name || output;
  const before = [
    createNode('Shape', [input], [shape], context.newNodeName(`${nodeName}_shape`)),
    createNode('Flatten', [input], [flat], context.newNodeName(`${nodeName}_to_2d`), { axis }),
  ];
  node.input[0] = flat;
  node.output[0] = flatResult;
  setIntAttribute(node, 'axis', -1);
  const after = [
    createNode('Reshape', [flatResult, shape], [output], context.newNodeName(`${nodeName}_from_2d`)),
  ];
  return { before, after };
};

/** The operator keeps the shape, so the output's facts prove the input's rank too. */
function provenRank(context: UpgradeContext, input: string, output: string): number | undefined {
  return (context.facts(input).shape ?? context.facts(output).shape)?.length;
}
