import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MqttContext, Payload } from '@nestjs/microservices';
import { allDevicesTopic, decodeDeviceMessage, DeviceChannel, DeviceMessages, parseDeviceTopic } from '@edgeplane/contracts';
import { TelemetryIngestService } from '@edgeplane/telemetry';
import { DevicePresenceService } from '../device-state/device-presence.service';
import { ReportedStateService } from '../device-state/reported-state.service';
import { IngestStats } from './ingest-stats';
import { IngestMetrics } from './ingest.metrics';

/**
 * The door for everything devices send. Each handler checks the payload against protocol v1
 * (size, JSON, schema, envelope device = topic device), then hands it to the service that stores it.
 * Subscribed as shared subscriptions (DeviceMqttServer), so each message reaches one replica.
 */
@Controller()
export class DeviceMessagesController {
  constructor(
    private readonly stats: IngestStats,
    private readonly reported: ReportedStateService,
    private readonly presence: DevicePresenceService,
    private readonly telemetry: TelemetryIngestService,
    private readonly metrics: IngestMetrics,
  ) {}

  @EventPattern(allDevicesTopic(DeviceChannel.Reported))
  async onReported(@Payload() payload: Buffer, @Ctx() context: MqttContext): Promise<void> {
    const message = this.decode(DeviceChannel.Reported, payload, context);
    if (message) await this.apply(context, DeviceChannel.Reported, () => this.reported.apply(message));
  }

  @EventPattern(allDevicesTopic(DeviceChannel.Status))
  async onStatus(@Payload() payload: Buffer, @Ctx() context: MqttContext): Promise<void> {
    const message = this.decode(DeviceChannel.Status, payload, context);
    if (message) await this.apply(context, DeviceChannel.Status, () => this.presence.apply(message));
  }

  @EventPattern(allDevicesTopic(DeviceChannel.Telemetry))
  async onTelemetry(@Payload() payload: Buffer, @Ctx() context: MqttContext): Promise<void> {
    const message = this.decode(DeviceChannel.Telemetry, payload, context);
    if (message) await this.apply(context, DeviceChannel.Telemetry, () => this.telemetry.accept(message));
  }

  private decode<C extends DeviceChannel>(channel: C, payload: Buffer, context: MqttContext): DeviceMessages[C] | null {
    const topic = context.getTopic();
    const device = parseDeviceTopic(topic);
    if (!device || device.channel !== channel) {
      this.stats.rejected(topic, 'unknown_topic', 'not a device topic of protocol v1');
      return null;
    }
    // An empty retained payload is how a retained message is cleared; there is nothing to apply.
    if (payload.byteLength === 0) return null;
    const result = decodeDeviceMessage(channel, device.deviceId, payload);
    if (!result.ok) {
      this.stats.rejected(topic, result.reason, result.detail);
      return null;
    }
    this.metrics.received(channel, result.message.sentAt);
    return result.message;
  }

  /** Runs the service; a message from a device the registry does not know (or retired) is refused. */
  private async apply(context: MqttContext, channel: DeviceChannel, store: () => Promise<boolean>): Promise<void> {
    if (await store()) this.stats.accepted(channel);
    else this.stats.rejected(context.getTopic(), 'unknown_device', 'no such device, or decommissioned');
  }
}
