import { Module } from '@nestjs/common';
import { RegistryModule } from '@edgeplane/registry';
import { TelemetryIngestService } from './telemetry-ingest.service';
import { TelemetryQueryService } from './telemetry-query.service';
import { TelemetryRetentionService } from './telemetry-retention.service';
import { TelemetryController } from './telemetry.controller';
import { TelemetryMetrics } from './telemetry.metrics';

/** Telemetry: batched ingest into PostgreSQL, per-minute latency rollups, queries and retention. */
@Module({
  imports: [RegistryModule],
  controllers: [TelemetryController],
  providers: [TelemetryIngestService, TelemetryQueryService, TelemetryRetentionService, TelemetryMetrics],
  exports: [TelemetryIngestService],
})
export class TelemetryModule {}
