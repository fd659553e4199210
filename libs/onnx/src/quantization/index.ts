export type { QuantizationOptions, QuantizationParams } from './linear-quantization';
export { computeQuantizationParams, dequantize, quantize } from './linear-quantization';
export type { QuantizedType } from './quantization-range';
export {
  InvalidQuantizationArgumentError,
  NonFiniteTensorError,
  RangeTooWideError,
} from './quantization.errors';
export { roundHalfToEven } from './round';
