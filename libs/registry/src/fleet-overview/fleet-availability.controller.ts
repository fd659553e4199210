import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@edgeplane/auth';
import { FleetAvailabilityQuery } from './dto/fleet-availability.query';
import { FleetAvailabilityService, MAX_AVAILABILITY_POINTS } from './fleet-availability.service';

@ApiTags('fleet')
@Controller('fleet/availability')
export class FleetAvailabilityController {
  constructor(private readonly fleet: FleetAvailabilityService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'Devices online and offline over time: one point per bucket, the state at the end of the bucket.',
    description:
      'Buckets start at `from`; the last one ends at `to`. A device counts as online (offline) at a point when its ' +
      'latest online/offline transition at or before that instant is online (offline); a device that never ' +
      `connected is in neither count, and a decommissioned one leaves both. At most ${MAX_AVAILABILITY_POINTS} points ` +
      '(400 `fleet.invalid_range` beyond, and when `from` is not before `to`).',
  })
  @ApiOkResponse({ description: 'FleetAvailabilityView (libs/contracts).' })
  availability(@Query() query: FleetAvailabilityQuery) {
    return this.fleet.availabilityOver(query);
  }
}
