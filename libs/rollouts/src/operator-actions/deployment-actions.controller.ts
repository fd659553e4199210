import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedKey, CallerKey, RequireRole } from '@edgeplane/auth';
import type { EventActor } from '@edgeplane/persistence';
import { ParseIdPipe } from '@edgeplane/platform';
import { DeploymentActionsService } from './deployment-actions.service';

const REFUSALS = '404: unknown deployment; 409 `deployment.invalid_state` when its state does not allow the action (nothing changes). See docs/rollouts.md.';

/** Operator actions on a deployment; each answers the deployment as it is after the action, and is on its timeline with the calling key. */
@ApiTags('deployments')
@Controller('deployments')
export class DeploymentActionsController {
  constructor(private readonly actions: DeploymentActionsService) {}

  @Post(':id/pause')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Pause a running deployment: no further step; devices keep their desired state.', description: REFUSALS })
  @ApiOkResponse({ description: 'DeploymentView (libs/contracts).' })
  pause(@Param('id', ParseIdPipe) id: string, @CallerKey() caller: AuthenticatedKey | undefined) {
    return this.actions.pause(id, actorOf(caller));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Resume a paused deployment where it stopped; a wave that failed its gates is overridden and the next one starts.', description: REFUSALS })
  @ApiOkResponse({ description: 'DeploymentView (libs/contracts).' })
  resume(@Param('id', ParseIdPipe) id: string, @CallerKey() caller: AuthenticatedKey | undefined) {
    return this.actions.resume(id, actorOf(caller));
  }

  @Post(':id/abort')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Abort a running or paused deployment: roll every touched device back to its previous assignment.', description: REFUSALS })
  @ApiOkResponse({ description: 'DeploymentView (libs/contracts), state `rolling_back`.' })
  abort(@Param('id', ParseIdPipe) id: string, @CallerKey() caller: AuthenticatedKey | undefined) {
    return this.actions.abort(id, actorOf(caller));
  }

  @Post(':id/promote')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'End the baking wave\'s bake now; its gates are judged at once.', description: `${REFUSALS} 409 \`deployment.not_baking\` when no wave is baking.` })
  @ApiOkResponse({ description: 'DeploymentView (libs/contracts).' })
  promote(@Param('id', ParseIdPipe) id: string, @CallerKey() caller: AuthenticatedKey | undefined) {
    return this.actions.promote(id, actorOf(caller));
  }
}

function actorOf(caller: AuthenticatedKey | undefined): EventActor | null {
  return caller ? { keyId: caller.id, name: caller.name } : null;
}
