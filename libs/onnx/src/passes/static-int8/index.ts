export { type ActivationRange, calibrateActivations, defaultCalibrationTensors } from './calibrate';
export type { HostFallbackNode, HostFallbackReason } from './host-fallback';
export {
  quantizeStaticInt8,
  type StaticInt8Options,
  type StaticInt8Report,
  type StaticInt8Result,
} from './quantize-static';
export * from './static-int8.errors';
