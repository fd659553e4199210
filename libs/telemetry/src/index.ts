export * from './telemetry.module';
export * from './telemetry-ingest.service';
