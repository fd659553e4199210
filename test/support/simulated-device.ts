import type { MqttClient } from 'mqtt';
import {
  decodeDeviceMessage,
  DesiredStateMessage,
  DeviceChannel,
  deviceTopic,
  envelope,
  PROTOCOL_QOS,
  ReportedState,
  Telemetry,
} from '@edgeplane/contracts';
import { agentReport, connectAsDevice, onlineStatus } from './simulated-agent';

/**
 * A device speaking protocol v1 over a real MQTT connection, without running models: tests tell it
 * what to report. Desired states it receives are checked against the protocol schema.
 */
export class SimulatedDevice {
  private readonly desired: DesiredStateMessage[] = [];
  private readonly waiters: (() => void)[] = [];
  private applying?: { failWith: string | null };
  private appliedRevision = 0;

  private constructor(
    readonly id: string,
    readonly client: MqttClient,
    /** This connection's id, shared by its last will and its `online`. */
    readonly session: string,
  ) {
    client.on('message', (topic, payload) => {
      if (topic !== deviceTopic(id, DeviceChannel.Desired) || payload.length === 0) return;
      const decoded = decodeDeviceMessage(DeviceChannel.Desired, id, payload);
      if (!decoded.ok) throw new Error(`controller sent an invalid desired state: ${decoded.detail}`);
      this.desired.push(decoded.message);
      this.waiters.splice(0).forEach((wake) => wake());
      // A report that cannot be sent shows in a test as a device that never reported.
      if (this.applying) void this.apply(decoded.message.body, this.applying.failWith).catch(() => undefined);
    });
  }

  /**
   * From now on, answers every desired state like an agent would: `downloading`, then each assignment
   * `active` on its variant, or `failed` with `failWith` as the reason (keeping what it served before).
   */
  applyDesiredStates({ failWith = null }: { failWith?: string | null } = {}): void {
    this.applying = { failWith };
  }

  private async apply(desired: DesiredStateMessage['body'], failWith: string | null): Promise<void> {
    if (desired.revision <= this.appliedRevision) return;
    await this.report(agentReport(desired, 'downloading', this.appliedRevision));
    // Reports must carry increasing sentAt (the controller keeps the newest): not two in one millisecond.
    await new Promise((resolve) => setTimeout(resolve, 20));
    this.appliedRevision = desired.revision;
    await this.report(agentReport(desired, failWith === null ? 'active' : 'failed', this.appliedRevision, failWith));
  }

  /** Connects as the device (id and secret) with an `offline` last will, and subscribes to its desired state. */
  static async connect(brokerUrl: string, id: string, secret: string): Promise<SimulatedDevice> {
    const { client, session } = await connectAsDevice(brokerUrl, id, secret);
    return new SimulatedDevice(id, client, session);
  }

  async online(): Promise<void> {
    await this.publishBody(DeviceChannel.Status, onlineStatus(this.session, 'simulated-1'), true);
  }

  async report(body: ReportedState): Promise<void> {
    await this.publishBody(DeviceChannel.Reported, body);
  }

  /** Publishes a telemetry message and returns it (for redelivery tests). */
  async telemetry(body: Telemetry): Promise<string> {
    const message = JSON.stringify(envelope(this.id, body));
    await this.publishRaw(DeviceChannel.Telemetry, message);
    return message;
  }

  async publishBody(channel: DeviceChannel, body: unknown, retain = false): Promise<void> {
    await this.publishRaw(channel, JSON.stringify(envelope(this.id, body)), retain);
  }

  async publishRaw(channel: DeviceChannel, payload: string | Buffer, retain = false): Promise<void> {
    await this.client.publishAsync(deviceTopic(this.id, channel), payload, { qos: PROTOCOL_QOS, retain });
  }

  /** The first desired state with a revision of at least `revision`, waiting up to `timeoutMs`. */
  async desiredRevision(revision: number, timeoutMs = 10_000): Promise<DesiredStateMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.desired.find((message) => message.body.revision >= revision);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`device ${this.id} got no desired revision ${revision} in ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  /** Drops the TCP connection without DISCONNECT, so that the broker publishes the last will. */
  crash(): void {
    this.client.stream.destroy();
    this.client.end(true);
  }

  /** Clears the retained messages this device and the controller left, and disconnects. */
  async close(): Promise<void> {
    if (this.client.connected) {
      await this.publishRaw(DeviceChannel.Status, '', true);
      await this.publishRaw(DeviceChannel.Desired, '', true);
      await this.client.endAsync();
    } else {
      this.client.end(true);
    }
  }
}
