export * from './edgeplane-error';
