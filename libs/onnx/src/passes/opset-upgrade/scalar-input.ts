import { elementTypeName } from '../../tensor-size';
import { FLOATING_TYPES, floatingTensor } from '../tensor-values';
import { UnsupportedNodeError } from './opset-upgrade.errors';
import type { UpgradeContext } from './upgrade-context';

/**
 * Adds a scalar initializer that must have the element type of value `like` (Clip's min/max and
 * Pad's constant_value share the data's type T). Refuses when that type cannot be proven, since a
 * float32 scalar beside float16 data would make the node invalid.
 */
export function scalarLike(
  context: UpgradeContext,
  like: string,
  baseName: string,
  value: number,
  what: string,
): string {
  const elemType = context.facts(like).elemType;
  if (elemType === undefined || !FLOATING_TYPES.has(elemType)) {
    const type = elemType === undefined ? 'unknown' : elementTypeName(elemType);
    throw new UnsupportedNodeError(
      `${what} must become a scalar input of the data's element type, which is ${type} ` +
        `(known float16, float32 or float64 is needed)`,
    );
  }
  return context.addInitializer(baseName, floatingTensor('', elemType, [value], []));
}
