export * from './readiness-probe';
export * from './readiness.service';
export * from './health.module';
