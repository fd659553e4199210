export * from './model-io';
export * from './model-validation';
export * from './inspect-model';
export * from './graph-walk';
export * from './tensor-size';
export * from './onnx-model.errors';
export * from './quantization';
