import { Module } from '@nestjs/common';
import { DeviceCredentialsService } from './devices/device-credentials.service';
import { DevicesController } from './devices/devices.controller';
import { DevicesService } from './devices/devices.service';
import { HardwareProfilesController } from './hardware-profiles/hardware-profiles.controller';
import { HardwareProfilesService } from './hardware-profiles/hardware-profiles.service';

/** Devices, their credentials and labels, and hardware profiles. */
@Module({
  controllers: [DevicesController, HardwareProfilesController],
  providers: [DevicesService, DeviceCredentialsService, HardwareProfilesService],
  exports: [DevicesService, HardwareProfilesService],
})
export class RegistryModule {}
