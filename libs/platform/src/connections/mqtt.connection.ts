import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import mqtt, { MqttClient } from 'mqtt';
import { EdgeplaneConfig } from '../config';
import { ReadinessProbe } from '../health';
import { brokerTlsOptions } from '../security/tls-files';

/** The controller's MQTT session, kept open (and reconnecting) so readiness reflects the live link. */
@Injectable()
export class MqttConnection implements ReadinessProbe, OnApplicationShutdown {
  readonly dependency = 'mqtt';
  readonly client: MqttClient;
  private lastError = 'not connected yet';

  constructor(config: EdgeplaneConfig) {
    this.client = mqtt.connect(config.MQTT_URL, {
      // Unique per app, not per process: two apps in one process (a test's replicas) would otherwise
      // take each other's session over, each cutting the other's connection.
      clientId: `edgeplane-controller-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
      username: config.EDGEPLANE_MQTT_USERNAME,
      password: config.EDGEPLANE_MQTT_PASSWORD,
      reconnectPeriod: 1_000,
      connectTimeout: 5_000,
      ...brokerTlsOptions(config),
    });
    this.client.on('error', (error) => (this.lastError = error.message));
    this.client.on('close', () => (this.lastError = 'connection closed; reconnecting'));
  }

  async ping(): Promise<void> {
    if (!this.client.connected) {
      throw new Error(`broker unreachable: ${this.lastError}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.endAsync(true);
  }
}
