export {
  convertToFp16,
  type Fp16ConversionOptions,
  type Fp16ConversionReport,
  type Fp16ConversionResult,
} from './convert-to-fp16';
export type { KeptTensor } from './precision-plan';
