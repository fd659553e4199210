import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@edgeplane/auth';
import { ParseIdPipe } from '@edgeplane/platform';
import { DeviceTelemetryQuery, TelemetryRangeQuery } from './dto/telemetry-range.query';
import { TelemetryQueryService } from './telemetry-query.service';

@ApiTags('telemetry')
@Controller()
export class TelemetryController {
  constructor(private readonly telemetry: TelemetryQueryService) {}

  @Get('devices/:id/telemetry')
  @RequireRole('viewer')
  @ApiOperation({
    summary: "A device's health and per-variant inference latency over time, in buckets.",
    description: 'Latency percentiles come from merged DDSketches (1 % relative accuracy); max is exact.',
  })
  @ApiOkResponse({ description: 'DeviceTelemetryView (libs/contracts).' })
  device(@Param('id', ParseIdPipe) id: string, @Query() query: DeviceTelemetryQuery) {
    return this.telemetry.device(id, query);
  }

  @Get('devices/:id/telemetry/messages')
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'The raw telemetry messages of a device in a time range (by window end), oldest first, at most 10 000.',
    description: 'Shows what arrived and how late (receivedAt − windowEnd is the time spent in the agent\'s offline spool).',
  })
  @ApiOkResponse({ description: 'TelemetryMessageView[] (libs/contracts).' })
  messages(@Param('id', ParseIdPipe) id: string, @Query() query: TelemetryRangeQuery) {
    return this.telemetry.messages(id, query);
  }

  @Get('variants/:id/latency')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Fleet-wide latency percentiles, inference and error counts of a variant over a time range.' })
  @ApiOkResponse({ description: 'VariantLatencyView (libs/contracts).' })
  variant(@Param('id', ParseIdPipe) id: string, @Query() query: TelemetryRangeQuery) {
    return this.telemetry.variant(id, query);
  }
}
