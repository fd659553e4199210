export * from './artifact-store';
export * from './artifact.errors';
export * from './filesystem-artifact-store';
export * from './artifacts.module';
