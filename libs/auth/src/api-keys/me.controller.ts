import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CallerView } from '@edgeplane/contracts';
import { AuthenticatedKey, CallerKey } from '../guard/authenticated-key';
import { RequireRole } from '../guard/require-role.decorator';

@ApiTags('api-keys')
@Controller('me')
export class MeController {
  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: "The calling key's id, name and role: what a client may offer this caller to do." })
  @ApiOkResponse({ description: 'CallerView (libs/contracts).' })
  me(@CallerKey() caller: AuthenticatedKey): CallerView {
    return { kind: 'api_key', id: caller.id, name: caller.name, role: caller.role };
  }
}
