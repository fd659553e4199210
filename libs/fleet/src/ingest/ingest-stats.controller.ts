import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@edgeplane/auth';
import { IngestStats } from './ingest-stats';

@ApiTags('fleet')
@Controller('ingest/stats')
export class IngestStatsController {
  constructor(private readonly stats: IngestStats) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({
    summary: "Device messages this controller replica accepted per channel and refused per reason since it started.",
    description: 'Reasons: too_large, not_json, schema, device_mismatch, unknown_topic, unknown_device.',
  })
  @ApiOkResponse({ description: 'IngestCounts: { accepted: { channel: n }, rejected: { reason: n } }.' })
  get() {
    return this.stats.snapshot();
  }
}
