export * from './exit-codes';
export * from './cli-error';
export * from './program';
export * from './settings/cli-settings';
