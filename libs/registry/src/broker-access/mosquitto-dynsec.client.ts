import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { MqttConnection } from '@edgeplane/platform';

const CONTROL_TOPIC = '$CONTROL/dynamic-security/v1';
const RESPONSE_TOPIC = `${CONTROL_TOPIC}/response`;
/** A command batch the plugin has not answered in this time is given up (the sync retries it). */
const RESPONSE_TIMEOUT_MS = 10_000;

/** One command of the plugin's control API (mosquitto.org/documentation/dynamic-security). */
export interface DynsecCommand {
  command: string;
  [field: string]: unknown;
}

/** The plugin's answer to one command: `error` set when it refused it. */
export interface DynsecResponse {
  command: string;
  error?: string;
  data?: Record<string, unknown>;
  correlationData?: string;
}

/**
 * Talks to Mosquitto's dynamic-security plugin over the controller's MQTT connection. Every client of
 * the controller's user name that subscribed receives every response (replicas share the user name),
 * so each batch carries its own correlation data and only its answer is taken.
 */
@Injectable()
export class MosquittoDynsecClient {
  private readonly logger = new Logger(MosquittoDynsecClient.name);
  private readonly waiting = new Map<string, (responses: DynsecResponse[]) => void>();
  private subscribed = false;

  constructor(private readonly mqtt: MqttConnection) {
    this.mqtt.client.on('message', (topic, payload) => {
      if (topic === RESPONSE_TOPIC) this.answer(payload);
    });
    this.mqtt.client.on('close', () => (this.subscribed = false));
  }

  /** Subscribes to the plugin's responses; call on every (clean-session) connect before `send`. */
  async listen(): Promise<void> {
    const granted = await this.mqtt.client.subscribeAsync(RESPONSE_TOPIC, { qos: 1 });
    if (granted.some((grant) => grant.qos > 2)) {
      throw new Error(`the broker refused ${RESPONSE_TOPIC}: is EDGEPLANE_MQTT_USERNAME the client made by \`mosquitto_ctrl dynsec init\`?`);
    }
    this.subscribed = true;
  }

  /** Sends the commands as one batch; the responses in the same order. Throws when the broker is unreachable. */
  async send(commands: DynsecCommand[]): Promise<DynsecResponse[]> {
    if (!this.mqtt.client.connected || !this.subscribed) throw new Error('broker not connected (or its dynamic-security responses not subscribed yet)');
    const batch = randomUUID();
    const tagged = commands.map((command, index) => ({ ...command, correlationData: `${batch}:${index}` }));
    let timer: NodeJS.Timeout | undefined;
    const answered = new Promise<DynsecResponse[]>((resolve, reject) => {
      this.waiting.set(batch, resolve);
      timer = setTimeout(() => reject(new Error(`the broker did not answer ${commands[0]?.command ?? ''}… within ${RESPONSE_TIMEOUT_MS} ms`)), RESPONSE_TIMEOUT_MS);
    });
    try {
      await this.mqtt.client.publishAsync(CONTROL_TOPIC, JSON.stringify({ commands: tagged }), { qos: 1 });
      return await answered;
    } finally {
      clearTimeout(timer);
      this.waiting.delete(batch);
    }
  }

  /** `send`, throwing when the plugin refused a command for any reason but those `tolerated`. */
  async run(commands: DynsecCommand[], tolerated: string[] = []): Promise<DynsecResponse[]> {
    const responses = await this.send(commands);
    const refused = responses.find((response) => response.error && !tolerated.includes(response.error));
    if (refused) throw new Error(`the broker refused ${refused.command}: ${refused.error}`);
    return responses;
  }

  private answer(payload: Buffer): void {
    try {
      const { responses } = JSON.parse(payload.toString('utf8')) as { responses: DynsecResponse[] };
      const batch = responses[0]?.correlationData?.split(':')[0];
      if (batch) this.waiting.get(batch)?.(responses);
    } catch (error) {
      this.logger.warn(`unreadable dynamic-security response: ${(error as Error).message}`);
    }
  }
}
