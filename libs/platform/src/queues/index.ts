export * from './redis-options';
export * from './queues.module';
