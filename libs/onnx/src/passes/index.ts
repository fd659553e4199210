export * from './lift-constants';
export * from './opset-upgrade';
