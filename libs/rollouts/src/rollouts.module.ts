import { Module } from '@nestjs/common';
import { FleetModule } from '@edgeplane/fleet';
import { ModelsModule } from '@edgeplane/models';
import { QueuesModule } from '@edgeplane/platform';
import { RegistryModule } from '@edgeplane/registry';
import { DeviceDeploymentsController } from './device-deployments/device-deployments.controller';
import { DeviceDeploymentsService } from './device-deployments/device-deployments.service';
import { DeploymentsController } from './deployments/deployments.controller';
import { DeploymentsService } from './deployments/deployments.service';
import { DeploymentTargetsService } from './deployments/deployment-targets.service';
import { WaveGatesService } from './gates/wave-gates.service';
import { RollbackService } from './execution/rollback.service';
import { RolloutJobsService } from './execution/rollout-jobs.service';
import { RolloutProcessor } from './execution/rollout.processor';
import { RolloutResumerService } from './execution/rollout-resumer.service';
import { WaveDevicesWriter } from './execution/wave-devices.writer';
import { WaveExecutionService } from './execution/wave-execution.service';
import { DeploymentActionsController } from './operator-actions/deployment-actions.controller';
import { DeploymentActionsService } from './operator-actions/deployment-actions.service';
import { RolloutMetrics } from './metrics/rollout.metrics';

/**
 * Deployments: validated plans (target, waves, variant per device, gates), executed wave by wave by
 * the rollout queue's steps, which this module both produces and consumes, and steered by operator actions.
 */
@Module({
  imports: [RegistryModule, ModelsModule, FleetModule, QueuesModule],
  controllers: [DeploymentsController, DeploymentActionsController, DeviceDeploymentsController],
  providers: [
    DeploymentsService,
    DeploymentTargetsService,
    RolloutJobsService,
    WaveDevicesWriter,
    WaveExecutionService,
    WaveGatesService,
    RollbackService,
    RolloutProcessor,
    RolloutResumerService,
    DeploymentActionsService,
    RolloutMetrics,
    DeviceDeploymentsService,
  ],
})
export class RolloutsModule {}
