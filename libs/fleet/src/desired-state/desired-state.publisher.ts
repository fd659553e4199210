import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DeviceChannel, deviceTopic, envelope, PROTOCOL_QOS } from '@edgeplane/contracts';
import { DesiredRevisionRow, DesiredStateRepository } from '@edgeplane/persistence';
import { MqttConnection, PeriodicTask, withDeadline } from '@edgeplane/platform';

/** A publish the broker has not acknowledged in this time is given up and retried by the sweep. */
const PUBLISH_TIMEOUT_MS = 10_000;
/** How often the outbox is swept for revisions the broker does not have yet. */
const SWEEP_INTERVAL_MS = 5_000;
const SWEEP_BATCH = 200;

/**
 * Publishes desired states as retained QoS 1 messages, through an outbox: a revision is written to
 * PostgreSQL first and marked published only when the broker acknowledged it, so a broker outage
 * delays a desired state but never loses it; the sweep (and every reconnect) publishes what is left.
 */
@Injectable()
export class DesiredStatePublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DesiredStatePublisher.name);
  private readonly sweeper = new PeriodicTask('desired-state outbox', SWEEP_INTERVAL_MS, () => this.sweep());

  constructor(
    private readonly revisions: DesiredStateRepository,
    private readonly mqtt: MqttConnection,
  ) {}

  /** Publishes the device's current revision if the broker does not have it; false if that failed. */
  async publish(deviceId: string): Promise<boolean> {
    try {
      await this.revisions.publishCurrent(deviceId, (row) => this.send(row));
      return true;
    } catch (error) {
      this.logger.warn(`desired state of ${deviceId} not published yet: ${(error as Error).message}`);
      return false;
    }
  }

  /**
   * Publishes the current revisions of many devices the broker does not have yet, all in flight at
   * once (mqtt.js keeps within the broker's receive maximum); false if any failed, which leaves the
   * batch in the outbox for the sweep.
   */
  async publishMany(deviceIds: string[]): Promise<boolean> {
    if (deviceIds.length === 0) return true;
    try {
      await this.revisions.publishCurrentMany(deviceIds, (rows) => Promise.all(rows.map((row) => this.send(row))).then(() => undefined));
      return true;
    } catch (error) {
      this.logger.warn(`desired states of ${deviceIds.length} devices not published yet: ${(error as Error).message}`);
      return false;
    }
  }

  onApplicationBootstrap(): void {
    this.sweeper.start();
    // The client may have connected before this listener exists: that first connect counts.
    let connectedBefore = this.mqtt.client.connected;
    this.mqtt.client.on('connect', () => {
      // A reconnect may mean the broker restarted and lost its retained messages: publish them all again.
      const republish = connectedBefore ? this.revisions.markAllCurrentUnpublished() : Promise.resolve(0);
      connectedBefore = true;
      void republish.then(() => this.sweeper.runNow(), (error: Error) => this.logger.warn(`republishing desired states: ${error.message}`));
    });
  }

  onApplicationShutdown(): void {
    this.sweeper.stop();
  }

  private async send(row: DesiredRevisionRow): Promise<void> {
    const client = this.mqtt.client;
    // mqtt.js would queue the publish until a reconnect; fail now instead and leave it to the sweep.
    if (!client.connected) throw new Error('broker not connected');
    const payload = JSON.stringify(envelope(row.deviceId, row.document));
    const published = client.publishAsync(deviceTopic(row.deviceId, DeviceChannel.Desired), payload, { qos: PROTOCOL_QOS, retain: true });
    await withDeadline(published, PUBLISH_TIMEOUT_MS, 'the broker\'s acknowledgement');
  }

  /** Publishes the outbox in batches until it is empty or the broker fails a publish. */
  private async sweep(): Promise<void> {
    while (this.mqtt.client.connected) {
      const pending = await this.revisions.devicesWithUnpublished(SWEEP_BATCH);
      if (pending.length === 0) return;
      if (!(await this.publishMany(pending))) return; // the broker is struggling: try again next sweep
    }
  }
}
