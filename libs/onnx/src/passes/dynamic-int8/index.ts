export {
  quantizeDynamicInt8,
  type DynamicInt8Options,
  type DynamicInt8Report,
  type DynamicInt8Result,
} from './quantize-dynamic';
export { MIN_CONV_WEIGHT_ELEMENTS } from './conv-weight-to-int8';
export type { SkippedNode } from './quantization-context';
