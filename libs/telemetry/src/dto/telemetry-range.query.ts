import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';

/** Bucket widths a telemetry query can group by, in milliseconds. */
export const TELEMETRY_BUCKETS = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '1d': 86_400_000 } as const;
export type TelemetryBucket = keyof typeof TELEMETRY_BUCKETS;

export class TelemetryRangeQuery {
  @ApiPropertyOptional({ description: 'Start (ISO 8601); default: one hour before `to`.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'End, exclusive (ISO 8601); default: now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class DeviceTelemetryQuery extends TelemetryRangeQuery {
  @ApiPropertyOptional({ enum: Object.keys(TELEMETRY_BUCKETS), description: 'Bucket width; default 1m.' })
  @IsOptional()
  @IsIn(Object.keys(TELEMETRY_BUCKETS))
  bucket?: TelemetryBucket;
}
