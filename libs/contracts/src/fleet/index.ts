export * from './device-state-view';
export * from './telemetry-views';
export * from './signing-keys-view';
