import { removeAttribute } from '../node-attributes';
import { scalarLike } from './scalar-input';
import type { StepConverter } from './upgrade-context';

/**
 * Clip-11 takes min and max as optional scalar inputs (element type T, like the data) instead of
 * float attributes. An absent bound stays absent: both versions then use the type's lowest/highest
 * value. Only max given: min is passed as the empty name, which ONNX reads as "absent".
 */
export const clipBoundsToInputs: StepConverter = (node, context) => {
  const min = removeAttribute(node, 'min');
  const max = removeAttribute(node, 'max');
  if (!min && !max) return;
  const [data] = node.input;
  const bound = (name: 'min' | 'max', value: number) =>
    scalarLike(context, data, `${node.output[0]}_${name}`, value, `Clip's ${name}`);
  node.input = [data, min ? bound('min', min.f) : '', ...(max ? [bound('max', max.f)] : [])];
};
