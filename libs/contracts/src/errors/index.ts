export * from './edgeplane-error';
export * from './http-status';
export * from './problem';
