import { removeAttribute } from '../node-attributes';
import { int64Tensor } from '../tensor-values';
import { UnsupportedNodeError } from './opset-upgrade.errors';
import type { StepConverter } from './upgrade-context';

/** TopK-10 reads k from input K, a 1-D int64 tensor holding one value, instead of attribute `k`. */
export const topKAttributeToInput: StepConverter = (node, context) => {
  const k = removeAttribute(node, 'k');
  if (!k) throw new UnsupportedNodeError('TopK-1 has no k attribute (it is required)');
  node.input = [node.input[0], context.addInitializer(`${node.output[0]}_k`, int64Tensor('', [k.i]))];
};
