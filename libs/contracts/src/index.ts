export * from './errors';
export * from './hardware';
export * from './registry';
export * from './auth';
export * from './label-selector';
export * from './naming';
export * from './models';
export * from './compile';
