import { removeAttribute } from '../node-attributes';
import { int64Tensor } from '../tensor-values';
import type { StepConverter } from './upgrade-context';

/**
 * Opset 13 turned a list attribute into input 1 (an int64 tensor): `axes` of Squeeze, Unsqueeze
 * and ReduceSum, `split` of Split. The values keep their meaning, so they move unchanged into an
 * initializer. Without the attribute the input stays absent, whose default is the old one:
 * Squeeze removes every dimension of size 1, ReduceSum reduces all axes (noop_with_empty_axes
 * defaults to 0), Split cuts equal parts. (Unsqueeze always had to name its axes.)
 */
export function listAttributeToInput(attributeName: 'axes' | 'split'): StepConverter {
  return (node, context) => {
    const values = removeAttribute(node, attributeName)?.ints;
    if (values === undefined) return;
    const name = context.addInitializer(`${node.output[0]}_${attributeName}`, int64Tensor('', values));
    node.input = [node.input[0] ?? '', name];
  };
}
