import { type NodeProto, TensorProto_DataType as DataType } from 'onnx-buf';
import {
  createNode,
  removeAttribute,
  setStringAttribute,
  stringAttribute,
} from '../node-attributes';
import { floatingTensor, readFloats } from '../tensor-values';
import { UnsupportedNodeError } from './opset-upgrade.errors';
import type { StepConverter, UpgradeContext } from './upgrade-context';

/** Upsample-9 takes `scales` as a float input instead of an attribute; values unchanged. */
export const upsampleScalesToInput: StepConverter = (node, context) => {
  const scales = removeAttribute(node, 'scales');
  if (!scales) throw new UnsupportedNodeError('Upsample-7 has no scales attribute (it is required)');
  const tensor = floatingTensor('', DataType.FLOAT, scales.floats);
  node.input = [node.input[0], context.addInitializer(`${node.output[0]}_scales`, tensor)];
};

/**
 * Upsample was deprecated at 10; Resize-10 is the same operator under a new name (inputs X and
 * scales, attribute mode), and ONNX Runtime runs both with one kernel.
 */
export const upsampleToResize: StepConverter = (node) => {
  node.opType = 'Resize';
};

/**
 * Resize-11 added the roi input and made the sampling rule explicit. Resize-10 maps an output
 * coordinate x to x / scale ("asymmetric"); in nearest mode it takes the floor of that when the
 * axis is upsampled and the ceiling when it is downsampled (ONNX's resize_downsample_nearest test:
 * [1,2,3,4] at scale 0.6 gives [1,3]; ONNX Runtime agrees). Resize-11 has one nearest_mode for
 * all axes, so a node that upsamples some axes and downsamples others becomes two nodes, one per
 * direction (nearest sampling is separable by axis). Upsample never downsamples (scales >= 1),
 * so its scales need not be constant; a Resize-10's must be, to tell the direction.
 */
export const resizeWithExplicitCoordinates: StepConverter = (node, context, origin) => {
  const [x, scales] = node.input;
  node.input = [x, emptyRoi(context, node.output[0]), scales];
  setStringAttribute(node, 'coordinate_transformation_mode', 'asymmetric');
  if ((stringAttribute(node, 'mode') ?? 'nearest') !== 'nearest') return;
  const tensor = context.constant(scales);
  const values = tensor && readFloats(tensor);
  if (!values && origin !== 'Upsample') {
    throw new UnsupportedNodeError(
      'nearest Resize-10 with scales computed at run time: whether each axis rounds up or down ' +
        'depends on the scale values',
    );
  }
  // Without values, the node was an Upsample, whose scales are >= 1 (ONNX Runtime refuses others).
  const downsampled = values?.some((scale) => scale < 1) ?? false;
  const upsampled = values?.some((scale) => scale > 1) ?? true;
  setStringAttribute(node, 'nearest_mode', downsampled ? 'ceil' : 'floor');
  if (!values || !downsampled || !upsampled) return;
  return splitByDirection(node, context, values);
};

/** Resize-13 removed coordinate_transformation_mode tf_half_pixel_for_nn (roi and scales became optional). */
export const rejectRemovedCoordinateMode: StepConverter = (node) => {
  if (stringAttribute(node, 'coordinate_transformation_mode') === 'tf_half_pixel_for_nn') {
    throw new UnsupportedNodeError('coordinate_transformation_mode tf_half_pixel_for_nn was removed at 13');
  }
};

/** Downsampled axes first (nearest_mode ceil), then upsampled ones (floor) on the result. */
function splitByDirection(node: NodeProto, context: UpgradeContext, values: number[]) {
  const [x, roi] = node.input;
  const base = node.name || node.output[0];
  const downScales = values.map((scale) => Math.min(scale, 1));
  const upScales = values.map((scale) => Math.max(scale, 1));
  const downsampled = context.newValueName(`${node.output[0]}_downsampled`);
  const scalesInput = (suffix: string, scales: number[]) =>
    context.addInitializer(`${base}_${suffix}`, floatingTensor('', DataType.FLOAT, scales));
  const down = createNode(
    'Resize',
    [x, roi, scalesInput('down_scales', downScales)],
    [downsampled],
    context.newNodeName(`${base}_down`),
    { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'ceil' },
  );
  node.input = [downsampled, roi, scalesInput('up_scales', upScales)];
  setStringAttribute(node, 'nearest_mode', 'floor');
  return { before: [down] };
}

/** Resize-11 requires roi; an empty tensor is the usual "no region" (used only by tf_crop_and_resize). */
function emptyRoi(context: UpgradeContext, output: string): string {
  return context.addInitializer(`${output}_roi`, floatingTensor('', DataType.FLOAT, []));
}
