import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedKey, CallerKey, RequireRole } from '@edgeplane/auth';
import { ParseIdPipe } from '@edgeplane/platform';
import { DeploymentsService } from './deployments.service';
import { CreateDeploymentDto } from './dto/create-deployment.dto';
import { ListDeploymentsQuery } from './dto/list-deployments.query';

@ApiTags('deployments')
@Controller('deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Post()
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Start a rollout of a model version: target, waves, gates; the variant is chosen per device.',
    description:
      'Stores the deployment and starts it (state `running`): wave after wave, the devices\' desired states get ' +
      'their variant, the wave waits for them to report `active` or `failed` (or the deadline), bakes, and the next ' +
      'wave starts; after the last one the deployment is `completed`. A wave failing its gates rolls the deployment back (or pauses it). ' +
      'Each device gets the accepted variant built for its hardware profile, ' +
      'else for its profile\'s class; a device with neither is skipped with the reason. 404: unknown model ' +
      'version, hardware profile or device id; 422: the target matches no device; 409: an active deployment ' +
      'of the same model covers some of the devices (send `supersede: true` to replace it). A refused request ' +
      'writes nothing. See docs/rollouts.md.',
  })
  @ApiCreatedResponse({ description: 'DeploymentView (libs/contracts).' })
  create(@Body() body: CreateDeploymentDto, @CallerKey() caller: AuthenticatedKey | undefined) {
    return this.deployments.create(body, caller ? { keyId: caller.id, name: caller.name } : null);
  }

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Deployments, newest first; cursor-paginated.' })
  @ApiOkResponse({ description: 'Page of DeploymentSummaryView (libs/contracts).' })
  list(@Query() query: ListDeploymentsQuery) {
    return this.deployments.list(query);
  }

  @Get(':id')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'A deployment: state, waves with their devices (variant or skip reason, status), timeline.' })
  @ApiOkResponse({ description: 'DeploymentView (libs/contracts).' })
  get(@Param('id', ParseIdPipe) id: string) {
    return this.deployments.get(id);
  }
}
