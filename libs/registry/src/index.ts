export * from './registry.module';
export * from './devices/devices.service';
export * from './devices/device.errors';
export * from './hardware-profiles/hardware-profiles.service';
export * from './hardware-profiles/hardware-profile.errors';
export * from './broker-access';
