import type { HardwareProfileSpec } from '@edgeplane/contracts';
import { convertToFp16, fixInputShapes, InputSet, quantizeDynamicInt8, quantizeStaticInt8 } from '@edgeplane/onnx';
import type { ModelProto } from 'onnx-buf';

/** A rewritten model and what the pass did to it (kept in the variant's passReport). */
export interface PassResult {
  model: ModelProto;
  report: object;
}

/** The graph rewrite that makes a model fit a profile; verification happens afterwards. */
export type CompilerPass = (model: ModelProto, profile: HardwareProfileSpec, calibration: InputSet) => Promise<PassResult>;

/**
 * Chooses the pass from what the profile asks for, not from its class name, so that custom profiles
 * (a `jetson-orin` derived from gpu, an `edgetpu` from asic) get the pass their settings describe.
 */
export function passFor(profile: HardwareProfileSpec): CompilerPass {
  if (profile.quantization === 'dynamic') return async (model) => quantizeDynamicInt8(model);
  if (profile.quantization === 'static') return staticInt8;
  if (profile.precision === 'fp16') return async (model) => convertToFp16(model);
  return async (model) => ({ model, report: { unchanged: 'the profile asks for fp32 without quantization' } });
}

/**
 * Static int8 for fixed-function accelerators: input shapes fixed to the calibration samples' (such
 * hardware plans memory ahead of time), then QDQ with the profile's scale constraint.
 */
const staticInt8: CompilerPass = async (model, spec, calibration) => {
  const inputShapes = Object.fromEntries(Object.entries(calibration[0]?.feeds ?? {}).map(([name, feed]) => [name, feed.dims]));
  const result = await quantizeStaticInt8(fixInputShapes(model, inputShapes), calibration, {
    powerOfTwo: spec.scaleConstraint === 'power_of_two',
    // Per-channel weight scales are the accurate choice; shift-based hardware needs one per tensor.
    perChannelWeights: spec.scaleConstraint !== 'power_of_two',
    operatorAllowlist: spec.operatorAllowlist,
  });
  return { model: result.model, report: { ...result.report, inputShapes } };
};
