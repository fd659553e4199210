import { Global, Module } from '@nestjs/common';
import { PrismaService } from './prisma/prisma.service';
import { ApiKeyRepository } from './repositories/api-key.repository';
import { ArtifactReferenceRepository } from './repositories/artifact-reference.repository';
import { DeviceRepository } from './repositories/device.repository';
import { HardwareProfileRepository } from './repositories/hardware-profile.repository';
import { ModelRepository } from './repositories/model.repository';
import { VariantRepository } from './repositories/variant.repository';
import { VariantSignatureRepository } from './repositories/variant-signature.repository';
import { DesiredStateRepository } from './repositories/desired-state.repository';
import { DeviceStateRepository } from './repositories/device-state.repository';
import { TelemetryRepository } from './repositories/telemetry.repository';
import { DeploymentRepository } from './repositories/deployment.repository';
import { DeploymentExecutionRepository } from './repositories/deployment-execution.repository';
import { DeploymentWaveWritesRepository } from './repositories/deployment-wave-writes.repository';
import { DeploymentRollbackRepository } from './repositories/deployment-rollback.repository';
import { DeploymentControlRepository } from './repositories/deployment-control.repository';
import { AuditEventRepository } from './repositories/audit-event.repository';
import { BrokerClientSyncRepository } from './repositories/broker-client-sync.repository';
import { DeviceAvailabilityRepository } from './repositories/device-availability.repository';
import { DeviceDeploymentsRepository } from './repositories/device-deployments.repository';

const repositories = [DeviceRepository, HardwareProfileRepository, ApiKeyRepository, ModelRepository, VariantRepository, VariantSignatureRepository, ArtifactReferenceRepository,
  DesiredStateRepository, DeviceStateRepository, TelemetryRepository, DeploymentRepository, DeploymentExecutionRepository,
  DeploymentWaveWritesRepository, DeploymentRollbackRepository, DeploymentControlRepository, AuditEventRepository, BrokerClientSyncRepository,
  DeviceAvailabilityRepository, DeviceDeploymentsRepository];

@Global()
@Module({
  providers: [PrismaService, ...repositories],
  exports: [PrismaService, ...repositories],
})
export class PersistenceModule {}
