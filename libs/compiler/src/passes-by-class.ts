import type { HardwareClass, HardwareProfileSpec } from '@edgeplane/contracts';
import { convertToFp16 } from '@edgeplane/onnx';
import type { ModelProto } from 'onnx-buf';
import { NoPassForClassError } from './compile.errors';

/** The graph rewrite that makes a model fit a profile; verification happens afterwards. */
export type CompilerPass = (model: ModelProto, profile: HardwareProfileSpec) => ModelProto;

// One pass per hardware class; COMPILABLE_CLASSES in libs/contracts lists the keys for the API.
const PASSES: Partial<Record<HardwareClass, CompilerPass>> = {
  gpu: (model) => convertToFp16(model).model,
};

export function passFor(profile: HardwareProfileSpec): CompilerPass {
  const pass = PASSES[profile.class];
  if (!pass) throw new NoPassForClassError(profile.class);
  return pass;
}
