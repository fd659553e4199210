import { DynamicModule, Module } from '@nestjs/common';
import { ArtifactsModule } from '@edgeplane/artifacts';
import { AuditModule } from '@edgeplane/audit';
import { AuthModule } from '@edgeplane/auth';
import { DeviceMqttServer, FleetModule } from '@edgeplane/fleet';
import { ModelsModule } from '@edgeplane/models';
import { PersistenceModule, PrismaService } from '@edgeplane/persistence';
import {
  ConfigModule,
  ConnectionsModule,
  EdgeplaneConfig,
  HealthModule,
  LoggingModule,
  MetricsModule,
  MqttConnection,
  QueueMetricsModule,
  RedisConnection,
} from '@edgeplane/platform';
import { RegistryModule } from '@edgeplane/registry';
import { RolloutsModule } from '@edgeplane/rollouts';
import { TelemetryModule } from '@edgeplane/telemetry';

/** The controller process: wiring only; the logic lives in libs/. */
@Module({})
export class ControllerModule {
  static forRoot(config: EdgeplaneConfig): DynamicModule {
    return {
      module: ControllerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        MetricsModule,
        PersistenceModule,
        ConnectionsModule,
        HealthModule.register([PrismaService, RedisConnection, MqttConnection, DeviceMqttServer], [FleetModule]),
        // Before AuthModule: its global guard notes the route for the audit trail before the role guard can refuse.
        AuditModule,
        AuthModule,
        RegistryModule,
        ArtifactsModule,
        ModelsModule,
        FleetModule,
        TelemetryModule,
        RolloutsModule,
        QueueMetricsModule,
      ],
    };
  }
}
