export * from './deployment-request';
export * from './deployment-view';
