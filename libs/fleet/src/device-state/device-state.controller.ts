import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@edgeplane/auth';
import { ParseIdPipe } from '@edgeplane/platform';
import { DeviceStateService } from './device-state.service';

@ApiTags('devices')
@Controller('devices/:id/state')
export class DeviceStateController {
  constructor(private readonly state: DeviceStateService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'Desired and reported state, presence and latest health of a device.',
    description: '`converged` is true once the agent has applied the current desired revision.',
  })
  @ApiOkResponse({ description: 'DeviceStateView (libs/contracts).' })
  get(@Param('id', ParseIdPipe) id: string) {
    return this.state.get(id);
  }
}
