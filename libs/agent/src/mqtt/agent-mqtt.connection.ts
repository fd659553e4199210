import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import {
  ALL_CONTROLLERS_STATUS_TOPIC,
  type Capabilities,
  decodeControllerStatus,
  DeviceChannel,
  deviceTopic,
  envelope,
  parseControllerStatusTopic,
  PROTOCOL_QOS,
} from '@edgeplane/contracts';

export interface AgentMqttSettings {
  brokerUrl: string;
  /** PEM CA certificates the broker's certificate must chain to (mqtts://, wss://); undefined: the system's. */
  caCertificates?: string;
  deviceId: string;
  deviceSecret: string;
  agentVersion: string;
  capabilities: Capabilities;
  logger: Logger;
  /** Called with each non-empty payload on the device's `desired` topic. */
  onDesired: (payload: Buffer) => void;
  /** Called after every (re)connect, once `online` is published and `desired` subscribed. */
  onConnected: () => void;
  /**
   * Called each time a controller replica announces it consumes device messages: a new one, or one
   * back after a crash or restart (whatever it had received and not stored died with it).
   */
  onControllerOnline: (replica: string) => void;
  /** Called when a replica this agent saw online dies (its last will, `offline`, arrives). */
  onControllerLost?: (replica: string) => void;
}

/** Reconnect waits: 1 s, doubling to at most 60 s, each with ±20 % jitter so a fleet does not reconnect in step. */
const FIRST_RECONNECT_DELAY_MS = 1000;
const MAX_RECONNECT_DELAY_MS = 60_000;

/**
 * The agent's MQTT session (MQTT 5, clean session, client id and user name = device id). Registers
 * the retained `offline` last will, publishes the retained `online` status and subscribes to its
 * `desired` on every connect, and reconnects with exponential backoff (mqtt.js only has a fixed
 * period, so its own reconnect is off and this class schedules `reconnect()`).
 */
export class AgentMqttConnection {
  private readonly client: MqttClient;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  /** Controller replicas whose retained status says `online`. */
  private readonly onlineControllers = new Set<string>();
  /** Id of the current connection, shared by its last will and its `online` (set by lastWill()). */
  private session = '';

  constructor(private readonly settings: AgentMqttSettings) {
    this.client = mqtt.connect(settings.brokerUrl, {
      clientId: settings.deviceId,
      username: settings.deviceId,
      password: settings.deviceSecret,
      protocolVersion: 5,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      keepalive: 30,
      ca: settings.caCertificates,
      will: this.lastWill(),
    });
    this.client.on('connect', () => this.connected());
    this.client.on('close', () => this.scheduleReconnect());
    this.client.on('error', (error) => settings.logger.warn({ reason: error.message }, 'MQTT error'));
    this.client.on('message', (topic, payload) => {
      if (topic === this.topic(DeviceChannel.Desired) && payload.length > 0) settings.onDesired(payload);
      const replica = parseControllerStatusTopic(topic);
      if (replica) this.controllerStatus(replica, payload);
    });
    // Retained statuses are sent again after a reconnect; until then no replica is known to listen.
    this.client.on('close', () => this.onlineControllers.clear());
  }

  get isConnected(): boolean {
    return this.client.connected;
  }

  /**
   * Connected, and some controller replica says it consumes device messages. Spooled telemetry waits
   * for this: after a broker restart, a message sent before any controller has subscribed again
   * would be acknowledged by the broker and dropped for want of a subscriber.
   */
  get isDeliverable(): boolean {
    return this.client.connected && this.onlineControllers.size > 0;
  }

  /** Publishes with QoS 1; resolves on the broker's PUBACK. */
  publish(channel: DeviceChannel, payload: string, retain = false): Promise<void> {
    return new Promise((resolve, reject) =>
      this.client.publish(this.topic(channel), payload, { qos: PROTOCOL_QOS, retain }, (error) => (error ? reject(error) : resolve())),
    );
  }

  /** Clean stop: retained `offline` (cause shutdown) if connected, then disconnect. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.reconnectTimer);
    if (this.client.connected) {
      const offline = JSON.stringify(envelope(this.settings.deviceId, { state: 'offline', cause: 'shutdown', session: this.session }));
      await Promise.race([this.publish(DeviceChannel.Status, offline, true), new Promise((resolve) => setTimeout(resolve, 2000).unref())]).catch(() => undefined);
    }
    await this.client.endAsync();
  }

  private connected(): void {
    const { deviceId, agentVersion, capabilities, logger } = this.settings;
    this.failures = 0;
    logger.info({ broker: this.settings.brokerUrl }, 'connected to the broker');
    const subscriptions = [this.topic(DeviceChannel.Desired), ALL_CONTROLLERS_STATUS_TOPIC];
    this.client.subscribe(subscriptions, { qos: PROTOCOL_QOS }, (error) => {
      if (error) logger.error({ reason: error.message }, 'subscribing to desired and controller status failed');
    });
    const online = JSON.stringify(envelope(deviceId, { state: 'online', session: this.session, agentVersion, capabilities }));
    this.publish(DeviceChannel.Status, online, true).catch((error: Error) => logger.warn({ reason: error.message }, 'online status not delivered'));
    this.settings.onConnected();
  }

  private controllerStatus(replica: string, payload: Buffer): void {
    const status = decodeControllerStatus(payload);
    if (status !== 'online') {
      // `offline` is a replica's last will: it died (a clean stop clears its status instead).
      if (this.onlineControllers.delete(replica) && status === 'offline') this.settings.onControllerLost?.(replica);
      return;
    }
    if (this.onlineControllers.has(replica)) return;
    this.onlineControllers.add(replica);
    this.settings.onControllerOnline(replica);
  }

  private scheduleReconnect(): void {
    if (this.stopping || this.reconnectTimer) return;
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, FIRST_RECONNECT_DELAY_MS * 2 ** this.failures) * (0.8 + Math.random() * 0.4);
    this.failures += 1;
    this.settings.logger.info({ delayMs: Math.round(delay) }, 'disconnected from the broker; reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      // A fresh session and will for each connection, so a late will of this one is recognisably stale.
      this.client.options.will = this.lastWill();
      this.client.reconnect();
    }, delay);
  }

  private lastWill() {
    this.session = randomUUID();
    const offline = envelope(this.settings.deviceId, { state: 'offline', cause: 'will', session: this.session });
    return { topic: this.topic(DeviceChannel.Status), payload: Buffer.from(JSON.stringify(offline)), qos: PROTOCOL_QOS, retain: true };
  }

  private topic(channel: DeviceChannel): string {
    return deviceTopic(this.settings.deviceId, channel);
  }
}
