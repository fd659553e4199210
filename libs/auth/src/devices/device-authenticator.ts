import { Injectable } from '@nestjs/common';
import { DeviceRepository } from '@edgeplane/persistence';
import { hashSecret } from '@edgeplane/platform';

/** Checks a device's HTTP Basic credentials (user = device id, password = its secret). */
@Injectable()
export class DeviceAuthenticator {
  constructor(private readonly devices: DeviceRepository) {}

  /** The device id when the secret is the device's active one and the device is not retired; else null. */
  async authenticate(deviceId: string, secret: string): Promise<string | null> {
    const device = await this.devices.findByActiveCredential(hashSecret(secret));
    return device && device.id === deviceId && device.status !== 'decommissioned' ? device.id : null;
  }
}
