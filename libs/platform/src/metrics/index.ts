export * from './metrics-registry';
export * from './metrics.module';
export * from './http-metrics.middleware';
export * from './metrics.errors';
export * from './fleet-wide-gauge';
export * from './metrics-server';
