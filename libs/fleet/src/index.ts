export * from './fleet.module';
export * from './desired-state/desired-state.service';
export * from './desired-state/desired-state.publisher';
export * from './ingest/device-mqtt.server';
export * from './ingest/ingest-stats';
