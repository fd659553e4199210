import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthenticatedKey, CallerKey, RequireRole } from '@edgeplane/auth';
import { ParseIdPipe, PositiveIntPipe, ResourceNamePipe } from '@edgeplane/platform';
import { CompileRequestsService } from './compile-requests.service';
import { CompileRequestDto } from './dto/compile-request.dto';

class CompileJobDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() model!: string;
  @ApiProperty() version!: number;
  @ApiProperty() hardwareProfile!: string;
  @ApiProperty({ enum: ['queued', 'compiling', 'accepted', 'rejected', 'failed', 'cancelled'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) stage!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) figures!: object | null;
}

@ApiTags('compile')
@Controller()
export class CompileController {
  constructor(private readonly compiles: CompileRequestsService) {}

  @Post('models/:name/versions/:version/compile')
  @RequireRole('operator')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Compile a version for hardware profiles: one job per profile, verified against the fp32 original.',
    description: 'Repeating a request returns the same jobs; failed or cancelled ones are queued again.',
  })
  @ApiAcceptedResponse({ type: [CompileJobDto] })
  request(
    @Param('name', new ResourceNamePipe()) name: string,
    @Param('version', new PositiveIntPipe('version')) version: number,
    @Body() body: CompileRequestDto,
    @CallerKey() caller: AuthenticatedKey,
  ) {
    return this.compiles.request(name, version, body.profiles, { ...body.options }, caller.id);
  }

  @Get('models/:name/versions/:version/variants')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Every variant of a version (all profiles and options) with its status and figures.' })
  @ApiOkResponse({ type: [CompileJobDto] })
  variants(
    @Param('name', new ResourceNamePipe()) name: string,
    @Param('version', new PositiveIntPipe('version')) version: number,
  ) {
    return this.compiles.listForVersion(name, version);
  }

  @Get('compile-jobs/:id')
  @RequireRole('viewer')
  @ApiOkResponse({ type: CompileJobDto })
  get(@Param('id', ParseIdPipe) id: string) {
    return this.compiles.get(id);
  }

  @Delete('compile-jobs/:id')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Cancel a compile job that has not finished.' })
  @ApiOkResponse({ type: CompileJobDto })
  cancel(@Param('id', ParseIdPipe) id: string) {
    return this.compiles.cancel(id);
  }
}
