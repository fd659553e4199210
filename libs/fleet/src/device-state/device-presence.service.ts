import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { StatusMessage } from '@edgeplane/contracts';
import { DeviceStateRepository } from '@edgeplane/persistence';
import { EdgeplaneConfig, PeriodicTask } from '@edgeplane/platform';

/** How often each replica looks for devices that went silent (the UPDATE is idempotent across replicas). */
const SWEEP_INTERVAL_MS = 5_000;

/**
 * Online/offline: `online` and `offline` status messages (the latter usually the broker's last will)
 * move a device at once; a device that stops talking without a will (power cut while the broker
 * still holds its TCP connection) is marked offline after EDGEPLANE_DEVICE_OFFLINE_AFTER_MS.
 */
@Injectable()
export class DevicePresenceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DevicePresenceService.name);
  private readonly sweeper = new PeriodicTask('offline sweep', SWEEP_INTERVAL_MS, () => this.sweep());

  constructor(
    private readonly states: DeviceStateRepository,
    private readonly config: EdgeplaneConfig,
  ) {}

  /** Returns false when the device is unknown or decommissioned. */
  async apply(message: StatusMessage): Promise<boolean> {
    const { deviceId, body } = message;
    if (body.state === 'offline') return this.states.markOffline(deviceId, body.session, new Date(), body.cause);
    return this.states.markOnline(deviceId, body.session, new Date(message.sentAt), new Date(), {
      version: body.agentVersion,
      capabilities: body.capabilities,
    });
  }

  onApplicationBootstrap(): void {
    this.sweeper.start();
  }

  onApplicationShutdown(): void {
    this.sweeper.stop();
  }

  private async sweep(): Promise<void> {
    const silentSince = new Date(Date.now() - this.config.EDGEPLANE_DEVICE_OFFLINE_AFTER_MS);
    const marked = await this.states.markSilentOffline(silentSince);
    if (marked.length > 0) this.logger.log(`${marked.length} device(s) silent since ${silentSince.toISOString()}: offline`);
  }
}
