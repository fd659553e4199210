export * from './edgeplane-config';
export * from './load-config';
export * from './config.module';
export * from './trust-proxy';
