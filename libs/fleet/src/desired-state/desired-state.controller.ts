import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedKey, CallerKey, RequireRole } from '@edgeplane/auth';
import { ParseIdPipe } from '@edgeplane/platform';
import { DesiredStateService } from './desired-state.service';
import { PutDesiredStateDto } from './dto/put-desired-state.dto';

@ApiTags('devices')
@Controller('devices/:id/desired')
export class DesiredStateController {
  constructor(private readonly desired: DesiredStateService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: "The device's current desired state (revision 0 with no assignments if never set)." })
  @ApiOkResponse({ description: 'DesiredStateView (libs/contracts), assignments as in docs/protocol.md.' })
  get(@Param('id', ParseIdPipe) id: string) {
    return this.desired.get(id);
  }

  @Put()
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Set what the device serves: a new desired revision, published retained to the device.',
    description:
      'Each variant must be accepted and built for the device\'s hardware profile or its class. An identical ' +
      'document keeps the current revision. `publishedAt` is null while the broker is unreachable; the ' +
      'controller publishes it as soon as the broker is back.',
  })
  @ApiOkResponse({ description: 'DesiredStateView (libs/contracts).' })
  put(@Param('id', ParseIdPipe) id: string, @Body() body: PutDesiredStateDto, @CallerKey() caller: AuthenticatedKey) {
    return this.desired.put(id, body, caller.id);
  }
}
