import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { controllerStatusTopic, encodeControllerStatus } from '@edgeplane/contracts';
import { AgentMqttConnection } from './agent-mqtt.connection';

/** The machine's broker (other controllers' statuses may be retained there: only this spec's replicas are counted). */
const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';

describe('AgentMqttConnection, controller replicas coming online', () => {
  const replicas = [`spec-replica-${randomUUID()}`, `spec-replica-${randomUUID()}`];
  const announced: string[] = [];
  let controllerSide: MqttClient;
  let connection: AgentMqttConnection;

  const announce = (replica: string, state: 'online' | 'offline') =>
    controllerSide.publishAsync(controllerStatusTopic(replica), encodeControllerStatus(state), { qos: 1, retain: true });
  const announcedReach = async (count: number) => {
    for (const deadline = Date.now() + 5_000; announced.length < count && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
    return announced;
  };

  beforeAll(async () => {
    controllerSide = await mqtt.connectAsync(BROKER, { clientId: `spec-${randomUUID()}`, protocolVersion: 5 });
    const connected = new Promise<void>((resolve) => {
      connection = new AgentMqttConnection({
        brokerUrl: BROKER,
        deviceId: randomUUID(),
        deviceSecret: 'unused on an anonymous broker',
        agentVersion: 'spec',
        capabilities: { cpuArch: 'x64', cpuCores: 1, memoryBytes: 1, accelerators: [], executionProviders: ['cpu'] },
        logger: pino({ level: 'silent' }),
        onDesired: () => undefined,
        onConnected: resolve,
        onControllerOnline: (replica) => replicas.includes(replica) && announced.push(replica),
      });
    });
    await connected;
  });
  afterAll(async () => {
    await connection.stop();
    await Promise.all(replicas.map((replica) => controllerSide.publishAsync(controllerStatusTopic(replica), '', { qos: 1, retain: true })));
    await controllerSide.endAsync();
  });

  it('tells about every replica that comes online, and about one that comes back after going offline', async () => {
    await announce(replicas[0], 'online');
    expect(await announcedReach(1)).toEqual([replicas[0]]);
    // A second replica while the first is online: it may have lost nothing, but it is news.
    await announce(replicas[1], 'online');
    expect(await announcedReach(2)).toEqual([replicas[0], replicas[1]]);
    // The first one dies (its will) and comes back while the second stays online: what it held died with it.
    await announce(replicas[0], 'offline');
    await announce(replicas[0], 'online');
    expect(await announcedReach(3)).toEqual([replicas[0], replicas[1], replicas[0]]);
    // The same status again (a retained copy after a resubscribe) is not news.
    await announce(replicas[1], 'online');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(announced).toHaveLength(3);
  });
});
