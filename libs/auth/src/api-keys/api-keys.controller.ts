import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '@edgeplane/platform';
import { AuthenticatedKey, CallerKey } from '../guard/authenticated-key';
import { RequireRole } from '../guard/require-role.decorator';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('api-keys')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Create an API key. The token is in this response only.' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@Body() body: CreateApiKeyDto, @CallerKey() caller: AuthenticatedKey) {
    return this.apiKeys.create(body.name, body.role, caller.id);
  }

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'List API keys, revoked ones included.' })
  @ApiOkResponse({ type: [ApiKeyDto] })
  list() {
    return this.apiKeys.list();
  }

  @Get(':id')
  @RequireRole('admin')
  @ApiOkResponse({ type: ApiKeyDto })
  get(@Param('id', ParseIdPipe) id: string) {
    return this.apiKeys.get(id);
  }

  @Delete(':id')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Revoke an API key. The last active admin key cannot be revoked.' })
  @ApiOkResponse({ type: ApiKeyDto })
  revoke(@Param('id', ParseIdPipe) id: string) {
    return this.apiKeys.revoke(id);
  }
}
