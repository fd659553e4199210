import type { CompileOptions, HardwareProfileSpec } from '@edgeplane/contracts';
import {
  type AccuracyBasis,
  convertToFp16,
  fixInputShapes,
  InputSet,
  quantizeDynamicInt8,
  quantizeStaticInt8,
} from '@edgeplane/onnx';
import type { ModelProto } from 'onnx-buf';

/** A rewritten model and what the pass did to it (kept in the variant's passReport). */
export interface PassResult {
  model: ModelProto;
  report: object;
}

/** The graph rewrite that makes a model fit a profile; verification happens afterwards. */
export type CompilerPass = (
  model: ModelProto,
  profile: HardwareProfileSpec,
  calibration: InputSet,
  options: CompileOptions,
) => Promise<PassResult>;

/**
 * Chooses the pass from what the profile asks for, not from its class name, so that custom profiles
 * (a `jetson-orin` derived from gpu, an `edgetpu` from asic) get the pass their settings describe.
 */
export function passFor(profile: HardwareProfileSpec): CompilerPass {
  // 8-bit weights, although a CPU device runs exactly ORT's kernels and x86 without VNNI saturates
  // 8-bit u8 × s8 sums: on real text (AVX2 host, no VNNI) 7-bit weights measured rec cosine 0.99889
  // against 0.99940 (top-1 0.9959 both), cls and det unchanged, so saturation costs the PaddleOCR
  // models less than the lost bit. Revisit with models whose MatMuls do saturate.
  if (profile.quantization === 'dynamic') return async (model) => quantizeDynamicInt8(model, { weightBits: 8 });
  if (profile.quantization === 'static') return staticInt8;
  if (profile.precision === 'fp16') return async (model) => convertToFp16(model);
  return async (model) => ({ model, report: { unchanged: 'the profile asks for fp32 without quantization' } });
}

/**
 * Static int8 for fixed-function accelerators: input shapes fixed to the calibration samples' (such
 * hardware plans memory ahead of time), then QDQ with the profile's scale constraint.
 */
const staticInt8: CompilerPass = async (model, spec, calibration, options) => {
  const inputShapes = Object.fromEntries(Object.entries(calibration[0]?.feeds ?? {}).map(([name, feed]) => [name, feed.dims]));
  const result = await quantizeStaticInt8(fixInputShapes(model, inputShapes), calibration, {
    powerOfTwo: spec.scaleConstraint === 'power_of_two',
    // Per-channel weight scales are the accurate choice; shift-based hardware needs one per tensor.
    perChannelWeights: spec.scaleConstraint !== 'power_of_two',
    operatorAllowlist: spec.operatorAllowlist,
    keepInFloat: options.keepInFloat,
    // On real text, splitting re-parameterised identity branches off into a float Mul lifted fpga
    // cosine (rec 0.714 → 0.892, det 0.921 → 0.946); per-channel scales see no diagonal across rows,
    // and asic moved both ways (rec 0.964 → 0.972, det 0.958 → 0.943): only per-tensor scales need it.
    splitIdentityBranches: spec.scaleConstraint === 'power_of_two',
  });
  return { model: result.model, report: { ...result.report, inputShapes } };
};

/**
 * What a variant's accuracy is measured on. Static int8 is meant for accelerators that accumulate
 * int8 in int32: simulated exactly, so that this host's int8 kernels (which saturate on x86 without
 * VNNI) do not stand in for the device. Dynamic int8 and fp16 run on CPUs and GPUs as ORT's own
 * kernels: measured on them.
 */
export function accuracyBasisFor(profile: HardwareProfileSpec): AccuracyBasis {
  return profile.quantization === 'static' ? 'simulated-int8' : 'host-kernels';
}
