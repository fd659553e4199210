export * from './lift-constants';
export * from './fold-batch-norm';
export * from './opset-upgrade';
export * from './fp16';
export * from './dynamic-int8';
export * from './static-int8';
export * from './prune';
export * from './static-shapes';
