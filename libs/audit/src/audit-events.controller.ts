import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@edgeplane/auth';
import { AuditEventsService } from './audit-events.service';
import { ListAuditEventsQuery } from './dto/list-audit-events.query';

@ApiTags('audit')
@Controller('audit-events')
export class AuditEventsController {
  constructor(private readonly events: AuditEventsService) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({
    summary: 'The audit log: every write (refused ones too) and model-file downloads, newest first; cursor-paginated.',
    description: 'Filters: `actor` (key or device id), `route` (pattern), `resource` (any route parameter), `from`/`to`.',
  })
  @ApiOkResponse({ description: 'Page of AuditEventView (libs/contracts).' })
  list(@Query() query: ListAuditEventsQuery) {
    return this.events.list(query);
  }
}
