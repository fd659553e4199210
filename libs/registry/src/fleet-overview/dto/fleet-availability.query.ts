import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { DURATION_FORMS, parseDurationSeconds } from '@edgeplane/contracts';

export class FleetAvailabilityQuery {
  @ApiPropertyOptional({ description: 'Start (ISO 8601); default: 24 hours before `to`.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time, e.g. 2026-11-28T00:00:00Z' })
  from?: string;

  @ApiPropertyOptional({ description: 'End (ISO 8601): the last point is the state at this instant; default: now.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time, e.g. 2026-11-29T00:00:00Z' })
  to?: string;

  @ApiPropertyOptional({ description: `Bucket width: ${DURATION_FORMS}; default 15m.`, example: '15m' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  @ValidateBy({
    name: 'isDuration',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseDurationSeconds(value) !== null,
      defaultMessage: () => `bucket must be ${DURATION_FORMS}`,
    },
  })
  bucket?: string;
}
