export * from './periodic-task';
export * from './with-deadline';
