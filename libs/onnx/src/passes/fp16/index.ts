// The float16 helpers stay internal: verification/ exports array versions under the same names
// from @edgeplane/onnx, and `export *` of both would be ambiguous.
export {
  convertToFp16,
  type Fp16ConversionOptions,
  type Fp16ConversionReport,
  type Fp16ConversionResult,
} from './convert-to-fp16';
export type { KeptTensor } from './precision-plan';
