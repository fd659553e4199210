import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@edgeplane/auth';
import { CreateHardwareProfileDto } from './dto/create-hardware-profile.dto';
import { HardwareProfileDto } from './dto/hardware-profile.dto';
import { UpdateHardwareProfileDto } from './dto/update-hardware-profile.dto';
import { HardwareProfilesService } from './hardware-profiles.service';

@ApiTags('hardware-profiles')
@Controller('hardware-profiles')
export class HardwareProfilesController {
  constructor(private readonly profiles: HardwareProfilesService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List hardware profiles: the four built-ins first, then custom ones.' })
  @ApiOkResponse({ type: [HardwareProfileDto] })
  list() {
    return this.profiles.list();
  }

  @Get(':name')
  @RequireRole('viewer')
  @ApiOkResponse({ type: HardwareProfileDto })
  get(@Param('name') name: string) {
    return this.profiles.get(name);
  }

  @Post()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Add a custom profile derived from a built-in class; omitted fields inherit.' })
  @ApiCreatedResponse({ type: HardwareProfileDto })
  create(@Body() body: CreateHardwareProfileDto) {
    return this.profiles.create(body);
  }

  @Patch(':name')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Change a custom profile. Built-in profiles are read-only.' })
  @ApiOkResponse({ type: HardwareProfileDto })
  update(@Param('name') name: string, @Body() body: UpdateHardwareProfileDto) {
    return this.profiles.update(name, body);
  }

  @Delete(':name')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a custom profile that no device uses.' })
  @ApiNoContentResponse()
  delete(@Param('name') name: string) {
    return this.profiles.delete(name);
  }
}
