export * from './api-key';
export * from './caller-view';
