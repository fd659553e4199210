export * from './edgeplane-config';
export * from './load-config';
export * from './config.module';
