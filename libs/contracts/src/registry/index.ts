export * from './device';
export * from './fleet-overview';
