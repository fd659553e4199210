export * from './model-metadata';
export * from './model-version';
