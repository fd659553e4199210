export * from './redis.connection';
export * from './mqtt.connection';
export * from './connections.module';
