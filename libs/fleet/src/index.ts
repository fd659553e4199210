export * from './fleet.module';
export * from './desired-state/desired-state.service';
export * from './desired-state/desired-state.publisher';
export * from './ingest/device-mqtt.server';
export * from './ingest/ingest-stats';
export * from './signing/signing-keyring';
export * from './signing/variant-signer.service';
