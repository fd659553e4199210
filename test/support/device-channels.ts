import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { type DeviceChannel, deviceSubtree } from '@edgeplane/contracts';

/** Every message the controller side would see from one device, collected from the real broker. */
export class DeviceChannels {
  readonly messages: { channel: string; body: unknown }[] = [];

  private constructor(readonly client: MqttClient) {}

  static async watch(deviceId: string, broker: string): Promise<DeviceChannels> {
    const client = await mqtt.connectAsync(broker, { clientId: `test-${randomUUID()}`, protocolVersion: 5 });
    const channels = new DeviceChannels(client);
    client.on('message', (topic, payload) => {
      if (payload.length > 0) channels.messages.push({ channel: topic.split('/').at(-1)!, body: JSON.parse(payload.toString()).body });
    });
    await client.subscribeAsync(deviceSubtree(deviceId), { qos: 1 });
    return channels;
  }

  /** Resolves with the first message on `channel` (seen already or arriving) that `matches`. */
  async waitFor<T>(channel: DeviceChannel, matches: (body: T) => boolean, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((message) => message.channel === channel && matches(message.body as T));
      if (found) return found.body as T;
      if (Date.now() > deadline) throw new Error(`no matching ${channel} message; saw ${JSON.stringify(this.messages.slice(-5))}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
