export * from './device-state-view';
export * from './telemetry-views';
