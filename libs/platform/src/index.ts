export * from './config';
export * from './logging';
export * from './http';
export * from './health';
export * from './connections';
export * from './security';
export * from './queues';
export * from './scheduling';
