import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@edgeplane/auth';
import { ParseIdPipe } from '@edgeplane/platform';
import { DeviceCredentialsService } from './device-credentials.service';
import { DevicesService } from './devices.service';
import {
  DeviceCredentialHistoryDto,
  DeviceCredentialsDto,
  DeviceDto,
  DevicePageDto,
  ProvisionedDeviceDto,
} from './dto/device.dto';
import { ListDevicesQuery } from './dto/list-devices.query';
import { ProvisionDeviceDto } from './dto/provision-device.dto';
import { UpdateDeviceDto } from './dto/update-device.dto';

@ApiTags('devices')
@Controller('devices')
export class DevicesController {
  constructor(
    private readonly devices: DevicesService,
    private readonly credentials: DeviceCredentialsService,
  ) {}

  @Post()
  @RequireRole('operator')
  @ApiOperation({ summary: 'Provision a device. The response holds its credentials, shown only once.' })
  @ApiCreatedResponse({ type: ProvisionedDeviceDto })
  provision(@Body() body: ProvisionDeviceDto) {
    return this.devices.provision(body);
  }

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List devices by label selector, status and profile; cursor-paginated.' })
  @ApiOkResponse({ type: DevicePageDto })
  list(@Query() query: ListDevicesQuery) {
    return this.devices.list(query);
  }

  @Get(':id')
  @RequireRole('viewer')
  @ApiOkResponse({ type: DeviceDto })
  get(@Param('id', ParseIdPipe) id: string) {
    return this.devices.get(id);
  }

  @Patch(':id')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Rename, relabel (merge patch; null removes a label) or change profile.' })
  @ApiOkResponse({ type: DeviceDto })
  update(@Param('id', ParseIdPipe) id: string, @Body() body: UpdateDeviceDto) {
    return this.devices.update(id, body);
  }

  @Post(':id/decommission')
  @RequireRole('operator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire a device: revokes its credentials, keeps its record and history.' })
  @ApiOkResponse({ type: DeviceDto })
  decommission(@Param('id', ParseIdPipe) id: string) {
    return this.devices.decommission(id);
  }

  @Post(':id/credentials')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Issue new credentials; the previous ones stop working at once.' })
  @ApiCreatedResponse({ type: DeviceCredentialsDto })
  reissueCredentials(@Param('id', ParseIdPipe) id: string) {
    return this.credentials.reissue(id);
  }

  @Get(':id/credentials')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Credential history: when each was issued and revoked, never the secrets.' })
  @ApiOkResponse({ type: [DeviceCredentialHistoryDto] })
  credentialHistory(@Param('id', ParseIdPipe) id: string) {
    return this.credentials.history(id);
  }
}
