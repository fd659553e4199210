import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MqttContext, ServerMqtt } from '@nestjs/microservices';
import type { MqttClient } from 'mqtt';
import { allDevicesTopic, controllerStatusTopic, encodeControllerStatus, parseDeviceTopic, PROTOCOL_QOS, sharedSubscription } from '@edgeplane/contracts';
import { brokerTlsOptions, EdgeplaneConfig, ReadinessProbe } from '@edgeplane/platform';
import { IngestStats } from './ingest-stats';

/** How long a stopped controller's persistent session (and the messages queued for it) is kept. */
const SESSION_EXPIRY_SECONDS = 3600;

/**
 * Device messages handed to handlers and not finished (stored or refused). At this many the replica
 * stops reading from the broker until handlers catch up: the broker keeps the rest queued for it
 * (deploy/mosquitto/edgeplane.conf sizes that queue), instead of this process holding every message a
 * fleet sends faster than PostgreSQL stores it. Measured: 10,000 devices publishing flat out grew an
 * unbounded controller to 3.5 GB and stalled it in garbage collection. 2,000 keeps four telemetry
 * batches (500 each) ready while two are written.
 */
const MAX_MESSAGES_IN_HANDLERS = 2_000;

/**
 * Nest's MQTT transport, adjusted for messages from devices, which are untrusted:
 * - every message is an event whose payload reaches the handler as the raw bytes: Nest would parse
 *   JSON first and treat a payload with an `id` field as an RPC request to answer on `<topic>/reply`;
 *   our handlers check size, JSON and schema themselves and count what they refuse;
 * - every handler pattern is subscribed as an MQTT 5 shared subscription of the configured group, so
 *   each message goes to one replica. Handlers are keyed by the plain topic filter, which is what
 *   Nest matches incoming topics against.
 * It is also the readiness probe for ingestion: ready once the broker has granted the subscriptions,
 * which is also when it announces the replica `online` to the agents (retained; `offline` as its will).
 */
@Injectable()
export class DeviceMqttServer extends ServerMqtt implements ReadinessProbe {
  readonly dependency = 'mqtt-ingest';
  private subscribed = false;
  private readonly subscribedWaiters: (() => void)[] = [];

  private readonly replicaId: string;
  private readonly belowLimitWaiters: (() => void)[] = [];

  constructor(
    private readonly config: EdgeplaneConfig,
    private readonly stats: IngestStats,
  ) {
    const persistent = config.EDGEPLANE_MQTT_CLIENT_ID !== undefined;
    const replicaId = config.EDGEPLANE_MQTT_CLIENT_ID ?? `edgeplane-ingest-${hostname()}-${randomUUID().slice(0, 8)}`;
    super({
      url: config.MQTT_URL,
      clientId: replicaId,
      username: config.EDGEPLANE_MQTT_USERNAME,
      password: config.EDGEPLANE_MQTT_PASSWORD,
      will: { topic: controllerStatusTopic(replicaId), payload: encodeControllerStatus('offline'), qos: PROTOCOL_QOS, retain: true },
      protocolVersion: 5,
      clean: !persistent,
      properties: persistent ? { sessionExpiryInterval: SESSION_EXPIRY_SECONDS } : undefined,
      reconnectPeriod: 1_000,
      connectTimeout: 5_000,
      ...brokerTlsOptions(config),
    });
    this.replicaId = replicaId;
    stats.inHandlersLimit = MAX_MESSAGES_IN_HANDLERS;
  }

  override async handleMessage(channel: string, buffer: Buffer, _client: MqttClient, packet?: Record<string, unknown>): Promise<void> {
    this.stats.handling();
    try {
      await this.handleEvent(channel, { pattern: channel, data: buffer }, new MqttContext([channel, packet as never]));
    } finally {
      if (this.stats.handled()) this.belowLimitWaiters.splice(0).forEach((resume) => resume());
    }
  }

  /**
   * A device topic names its handler: Nest's own lookup matches the topic against every handler's
   * wildcard filter, segment by segment, which measured 7 % of the controller's CPU under a fleet's
   * telemetry (bench/scale, V8 profile). Anything else takes Nest's way.
   */
  override getHandlerByPattern(topic: string): ReturnType<ServerMqtt['getHandlerByPattern']> {
    const device = parseDeviceTopic(topic);
    return (device && this.messageHandlers.get(allDevicesTopic(device.channel))) || super.getHandlerByPattern(topic);
  }

  override bindEvents(client: MqttClient): void {
    // mqtt.js emits a message (which starts its handler, above), then calls handleMessage and reads
    // the next packet only once that calls back: holding the callback is how a client pushes back.
    client.handleMessage = (_packet, callback) => {
      if (this.stats.belowLimit()) callback();
      else this.belowLimitWaiters.push(() => callback());
    };
    client.on('message', this.getMessageHandler(client).bind(this));
    const filters = [...this.messageHandlers.keys()].map((pattern) => sharedSubscription(this.config.EDGEPLANE_MQTT_SHARE_GROUP, pattern));
    const subscribe = () =>
      client.subscribe(filters, { qos: PROTOCOL_QOS }, (error) => {
        if (error) return this.logger.error(`subscribing to device topics failed: ${error.message}`);
        this.subscribed = true;
        // Only now may agents send what they spooled: see controllerStatusTopic.
        client.publish(controllerStatusTopic(this.replicaId), encodeControllerStatus('online'), { qos: PROTOCOL_QOS, retain: true });
        this.subscribedWaiters.splice(0).forEach((resolve) => resolve());
      });
    subscribe();
    // A clean session loses its subscriptions with the connection: subscribe again on reconnect.
    client.on('connect', (connack) => {
      if (!connack.sessionPresent) subscribe();
    });
    client.on('close', () => (this.subscribed = false));
  }

  /** Clears this replica's retained status on a clean stop (a crash leaves the `offline` will). */
  override async close(): Promise<void> {
    const client = this.mqttClient;
    if (client?.connected) await client.publishAsync(controllerStatusTopic(this.replicaId), '', { qos: PROTOCOL_QOS, retain: true }).catch(() => undefined);
    await super.close();
  }

  /** Resolves once the device topics are subscribed, or after `timeoutMs` (the API works without). */
  async subscriptionsGranted(timeoutMs: number): Promise<boolean> {
    if (this.subscribed) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.subscribedWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  async ping(): Promise<void> {
    if (!this.subscribed) throw new Error('not subscribed to device topics (broker unreachable?)');
  }
}
