import { Module } from '@nestjs/common';
import { BrokerAccessService } from './broker-access/broker-access.service';
import { MosquittoDynsecClient } from './broker-access/mosquitto-dynsec.client';
import { DeviceCredentialsService } from './devices/device-credentials.service';
import { DevicesController } from './devices/devices.controller';
import { DeviceMetrics } from './devices/device.metrics';
import { DevicesService } from './devices/devices.service';
import { HardwareProfilesController } from './hardware-profiles/hardware-profiles.controller';
import { HardwareProfilesService } from './hardware-profiles/hardware-profiles.service';

/** Devices, their credentials (and the broker's copy of them) and labels, and hardware profiles. */
@Module({
  controllers: [DevicesController, HardwareProfilesController],
  providers: [DevicesService, DeviceCredentialsService, HardwareProfilesService, MosquittoDynsecClient, BrokerAccessService, DeviceMetrics],
  exports: [DevicesService, HardwareProfilesService, BrokerAccessService],
})
export class RegistryModule {}
