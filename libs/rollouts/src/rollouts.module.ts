import { Module } from '@nestjs/common';
import { ModelsModule } from '@edgeplane/models';
import { RegistryModule } from '@edgeplane/registry';
import { DeploymentsController } from './deployments/deployments.controller';
import { DeploymentsService } from './deployments/deployments.service';
import { DeploymentTargetsService } from './deployments/deployment-targets.service';

/** Deployments: validated, stored plans (target, waves, variant per device, gates). Execution comes next. */
@Module({
  imports: [RegistryModule, ModelsModule],
  controllers: [DeploymentsController],
  providers: [DeploymentsService, DeploymentTargetsService],
})
export class RolloutsModule {}
