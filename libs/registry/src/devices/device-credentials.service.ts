import { Injectable } from '@nestjs/common';
import { DeviceCredentialHistoryView, DeviceCredentialsView } from '@edgeplane/contracts';
import { DeviceRepository } from '@edgeplane/persistence';
import { BrokerAccessService } from '../broker-access/broker-access.service';
import { newDeviceSecret } from './device-secret';
import { DevicesService } from './devices.service';

@Injectable()
export class DeviceCredentialsService {
  constructor(
    private readonly devices: DevicesService,
    private readonly repository: DeviceRepository,
    private readonly brokerAccess: BrokerAccessService,
  ) {}

  /**
   * Issues a new secret and revokes every earlier one in the same transaction; a managed broker takes
   * the new password, which cuts a live connection made with the old one.
   */
  async reissue(deviceId: string): Promise<DeviceCredentialsView> {
    await this.devices.requireActive(deviceId);
    const secret = newDeviceSecret();
    const credentialId = await this.repository.replaceCredential(deviceId, secret.hash, new Date(), this.brokerAccess.sealForBroker(secret.token));
    await this.brokerAccess.syncDevice(deviceId);
    return { credentialId, username: deviceId, secret: secret.token };
  }

  async history(deviceId: string): Promise<DeviceCredentialHistoryView[]> {
    await this.devices.require(deviceId);
    const rows = await this.repository.listCredentials(deviceId);
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      revokedAt: row.revokedAt?.toISOString() ?? null,
      revokeReason: row.revokeReason,
    }));
  }
}
