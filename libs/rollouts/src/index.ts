export * from './rollouts.module';
export * from './rollout.errors';
