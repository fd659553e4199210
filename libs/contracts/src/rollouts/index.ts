export * from './deployment-request';
export * from './deployment-view';
export * from './rollout-jobs';
export * from './gate-evaluation';
export * from './device-deployment-view';
