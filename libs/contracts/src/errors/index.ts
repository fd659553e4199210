export * from './edgeplane-error';
export * from './http-status';
