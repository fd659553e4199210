import { Module } from '@nestjs/common';
import { BrokerAccessService } from './broker-access/broker-access.service';
import { MosquittoDynsecClient } from './broker-access/mosquitto-dynsec.client';
import { DeviceCredentialsService } from './devices/device-credentials.service';
import { DevicesController } from './devices/devices.controller';
import { DeviceMetrics } from './devices/device.metrics';
import { DevicesService } from './devices/devices.service';
import { FleetAvailabilityController } from './fleet-overview/fleet-availability.controller';
import { FleetAvailabilityService } from './fleet-overview/fleet-availability.service';
import { FleetSummaryController } from './fleet-overview/fleet-summary.controller';
import { FleetSummaryService } from './fleet-overview/fleet-summary.service';
import { HardwareProfilesController } from './hardware-profiles/hardware-profiles.controller';
import { HardwareProfilesService } from './hardware-profiles/hardware-profiles.service';

/** Devices, their credentials (and the broker's copy of them) and labels, hardware profiles, and the fleet at a glance. */
@Module({
  controllers: [DevicesController, HardwareProfilesController, FleetSummaryController, FleetAvailabilityController],
  providers: [DevicesService, DeviceCredentialsService, HardwareProfilesService, MosquittoDynsecClient, BrokerAccessService, DeviceMetrics,
    FleetSummaryService, FleetAvailabilityService],
  exports: [DevicesService, HardwareProfilesService, BrokerAccessService],
})
export class RegistryModule {}
