export * from './queues';
export * from './compile-job';
export * from './verification-figures';
export * from './compile-job-view';
