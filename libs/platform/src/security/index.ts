export * from './secret-token';
export * from './tls-files';
