import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@edgeplane/auth';
import { ParseIdPipe } from '@edgeplane/platform';
import { DeviceDeploymentsService } from './device-deployments.service';
import { ListDeviceDeploymentsQuery } from './dto/list-device-deployments.query';

@ApiTags('devices')
@Controller('devices/:id/deployments')
export class DeviceDeploymentsController {
  constructor(private readonly deployments: DeviceDeploymentsService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'The deployments a device has been part of, newest first, with its status in each.',
    description: '404 `device.not_found` for an unknown device.',
  })
  @ApiOkResponse({ description: 'DeviceDeploymentView[] (libs/contracts).' })
  list(@Param('id', ParseIdPipe) id: string, @Query() query: ListDeviceDeploymentsQuery) {
    return this.deployments.list(id, query.limit);
  }
}
