import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CallerView } from '@edgeplane/contracts';
import { AuthenticatedKey, CallerKey } from '../guard/authenticated-key';
import { RequireRole } from '../guard/require-role.decorator';

@ApiTags('auth')
@Controller('me')
export class MeController {
  @Get()
  // Every role may ask who it is; the lowest role covers them all.
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'Who the caller is: the API key the request authenticated with, and its role.',
    description: 'A console calls this after login to decide which actions to offer. 401 without a valid (unrevoked) key.',
  })
  @ApiOkResponse({ description: 'CallerView (libs/contracts).' })
  whoAmI(@CallerKey() key: AuthenticatedKey): CallerView {
    return { kind: 'api_key', id: key.id, name: key.name, role: key.role };
  }
}
