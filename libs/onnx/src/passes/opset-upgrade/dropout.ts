import { TensorProto_DataType as DataType } from 'onnx-buf';
import { removeAttribute } from '../node-attributes';
import { floatingTensor } from '../tensor-values';
import { UnsupportedNodeError } from './opset-upgrade.errors';
import type { StepConverter } from './upgrade-context';

/**
 * Dropout-10 changed the optional `mask` output from the data's type to bool. A model that reads
 * the mask would get a different type; one that does not (inference graphs) is unaffected.
 */
export const requireUnreadMask: StepConverter = (node, context) => {
  const mask = node.output[1];
  if (mask && context.isConsumed(mask)) {
    throw new UnsupportedNodeError(
      'the mask output is read by the model, and Dropout-10 changed its type from the data type to bool',
    );
  }
};

/**
 * Dropout-12 takes the ratio as optional input 1 (a float scalar of its own type T1) instead of
 * an attribute. Absent, both versions use 0.5. (In inference both return the input unchanged.)
 */
export const dropoutRatioToInput: StepConverter = (node, context) => {
  const ratio = removeAttribute(node, 'ratio');
  if (!ratio) return;
  const name = context.addInitializer(
    `${node.output[0]}_ratio`,
    floatingTensor('', DataType.FLOAT, [ratio.f], []),
  );
  node.input = [node.input[0], name];
};
