import { listAttributeToInput } from './axes-to-input';
import { requireSpatialNormalization } from './batch-normalization';
import { clipBoundsToInputs } from './clip';
import { stepKey } from './compatible-steps';
import { dropoutRatioToInput, requireUnreadMask } from './dropout';
import { padAttributesToInputs } from './pad';
import {
  rejectRemovedCoordinateMode,
  resizeWithExplicitCoordinates,
  upsampleScalesToInput,
  upsampleToResize,
} from './resize';
import { sliceAttributesToInputs } from './slice';
import { coercedAxisToSingleAxis } from './softmax';
import { topKAttributeToInput } from './top-k';
import { refuse, requireExplicitPads, scatterToScatterElements } from './unconvertible';
import type { StepConverter } from './upgrade-context';

/**
 * Schema steps, `<op>-<version into which it steps>`, whose changes a node must be rewritten (or
 * checked) for. Every other step up to MAX_TARGET_OPSET is listed in compatible-steps.ts; a step
 * in neither list is refused, so a new opset cannot slip through unexamined.
 */
const CONVERTERS: ReadonlyMap<string, StepConverter> = new Map([
  [stepKey('BatchNormalization', 9), requireSpatialNormalization],
  [stepKey('Upsample', 9), upsampleScalesToInput],
  [
    stepKey('Scan', 9),
    refuse('Scan-9 dropped the batch axis and added scan axes; a Scan-8 body cannot be carried over'),
  ],
  [stepKey('Dropout', 10), requireUnreadMask],
  [stepKey('Slice', 10), sliceAttributesToInputs],
  [stepKey('TopK', 10), topKAttributeToInput],
  [stepKey('Upsample', 10), upsampleToResize],
  [stepKey('Clip', 11), clipBoundsToInputs],
  [stepKey('ConvTranspose', 11), requireExplicitPads],
  [
    stepKey('OneHot', 11),
    refuse('OneHot-11 reads negative indices from the back where OneHot-9 produced all off_value'),
  ],
  [stepKey('Pad', 11), padAttributesToInputs],
  [stepKey('Resize', 11), resizeWithExplicitCoordinates],
  [stepKey('Scatter', 11), scatterToScatterElements],
  [stepKey('Dropout', 12), dropoutRatioToInput],
  [stepKey('Hardmax', 13), coercedAxisToSingleAxis],
  [stepKey('LogSoftmax', 13), coercedAxisToSingleAxis],
  [stepKey('Softmax', 13), coercedAxisToSingleAxis],
  [stepKey('ReduceSum', 13), listAttributeToInput('axes')],
  [stepKey('Squeeze', 13), listAttributeToInput('axes')],
  [stepKey('Unsqueeze', 13), listAttributeToInput('axes')],
  [stepKey('Split', 13), listAttributeToInput('split')],
  [stepKey('Resize', 13), rejectRemovedCoordinateMode],
]);

export function converterFor(opType: string, version: number): StepConverter | undefined {
  return CONVERTERS.get(stepKey(opType, version));
}
