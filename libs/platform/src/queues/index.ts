export * from './redis-options';
export * from './queues.module';
export * from './queue-metrics.module';
