import { Logger, Module } from '@nestjs/common';
import { EdgeplaneConfig } from '@edgeplane/platform';
import { ArtifactsModule } from '@edgeplane/artifacts';
import { RegistryModule } from '@edgeplane/registry';
import { TelemetryModule } from '@edgeplane/telemetry';
import { VariantArtifactsController } from './artifacts/variant-artifacts.controller';
import { VariantArtifactsService } from './artifacts/variant-artifacts.service';
import { DesiredStateController } from './desired-state/desired-state.controller';
import { DesiredStatePublisher } from './desired-state/desired-state.publisher';
import { DesiredStateService } from './desired-state/desired-state.service';
import { DevicePresenceService } from './device-state/device-presence.service';
import { DeviceStateController } from './device-state/device-state.controller';
import { DeviceStateService } from './device-state/device-state.service';
import { ReportedStateService } from './device-state/reported-state.service';
import { DeviceMessagesController } from './ingest/device-messages.controller';
import { DeviceMqttServer } from './ingest/device-mqtt.server';
import { IngestStats } from './ingest/ingest-stats';
import { IngestStatsController } from './ingest/ingest-stats.controller';
import { IngestMetrics } from './ingest/ingest.metrics';
import { SigningKeyring } from './signing/signing-keyring';
import { SigningKeysController } from './signing/signing-keys.controller';
import { VariantSigner } from './signing/variant-signer.service';

/**
 * The fleet's live side: desired states out to devices (outbox + retained messages), what devices
 * report back (MQTT ingestion), their presence, the downloads they make and the signatures that
 * vouch for them.
 */
@Module({
  imports: [RegistryModule, ArtifactsModule, TelemetryModule],
  controllers: [DesiredStateController, DeviceStateController, VariantArtifactsController, DeviceMessagesController, IngestStatsController, SigningKeysController],
  providers: [
    DesiredStateService,
    DesiredStatePublisher,
    DeviceStateService,
    ReportedStateService,
    DevicePresenceService,
    VariantArtifactsService,
    IngestStats,
    IngestMetrics,
    DeviceMqttServer,
    VariantSigner,
    {
      provide: SigningKeyring,
      inject: [EdgeplaneConfig],
      useFactory: (config: EdgeplaneConfig) =>
        SigningKeyring.load(config, (file) =>
          new Logger(SigningKeyring.name).warn(`Generated a variant signing key in ${file}; agents must trust it (GET /api/v1/signing-keys). Production provisions EDGEPLANE_SIGNING_KEYS_DIR instead.`),
        ),
    },
  ],
  exports: [DesiredStateService, DesiredStatePublisher, DeviceMqttServer, IngestStats],
})
export class FleetModule {}
