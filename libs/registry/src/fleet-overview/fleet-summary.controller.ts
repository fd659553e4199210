import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@edgeplane/auth';
import { FleetSummaryService } from './fleet-summary.service';

@ApiTags('fleet')
@Controller('fleet/summary')
export class FleetSummaryController {
  constructor(private readonly fleet: FleetSummaryService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'Device counts by status and by hardware profile (every profile, those without devices too).',
    description: '`total` excludes decommissioned devices; `byStatus.decommissioned` counts them.',
  })
  @ApiOkResponse({ description: 'FleetSummaryView (libs/contracts).' })
  summary() {
    return this.fleet.summary();
  }
}
