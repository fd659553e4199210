import mqtt, { type MqttClient } from 'mqtt';
import { DeviceChannel, deviceTopic, envelope, PROTOCOL_QOS, sharedSubscription, allDevicesTopic, type Telemetry } from '@edgeplane/contracts';
import { BrokerAccessService } from '@edgeplane/registry';
import { AgentProcess } from '../support/agent-process';
import { startController, TestController } from '../support/controller';
import { startReplicaOf } from '../support/controller-replica';
import { eventually, provisionDevice, ProvisionedDevice } from '../fleet/fleet-fixture';
import { Api, api } from '../support/http';
import { startDynsecBroker, TestBroker } from '../support/mosquitto';
import { connectAsDevice, onlineStatus } from '../support/simulated-agent';

const CONTROLLER = { username: 'edgeplane-controller', password: 'controller-password-for-tests' };
const NOT_AUTHORIZED = 0x87;

/**
 * EDGEPLANE_MQTT_AUTHORIZATION=mosquitto-dynsec: a real Mosquitto 2.0 with the dynamic-security plugin
 * and no anonymous access, kept in step by the real controller. Devices connect with the credentials
 * the API issued and the broker itself refuses whatever is not theirs.
 */
describe('device identity enforced by the broker (Mosquitto dynamic security)', () => {
  let broker: TestBroker;
  let controller: TestController;
  let operator: Api;
  let deviceA: ProvisionedDevice;
  let deviceB: ProvisionedDevice;
  const clients: MqttClient[] = [];

  const connect = async (device: ProvisionedDevice, secret = device.secret) => {
    const { client, session } = await connectAsDevice(broker.url, device.id, secret, { connectTimeout: 5_000 });
    clients.push(client);
    return { client, session };
  };
  const connectRaw = (options: mqtt.IClientOptions) =>
    mqtt.connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5_000, ...options }).then((client) => {
      clients.push(client);
      return client;
    });
  const closed = (client: MqttClient) => new Promise<void>((resolve) => (client.connected ? client.once('close', () => resolve()) : resolve()));
  const stats = async () => (await operator.get('/ingest/stats').expect(200)).body;

  beforeAll(async () => {
    broker = await startDynsecBroker(CONTROLLER);
    controller = await startController({
      MQTT_URL: broker.url,
      EDGEPLANE_MQTT_AUTHORIZATION: 'mosquitto-dynsec',
      EDGEPLANE_MQTT_USERNAME: CONTROLLER.username,
      EDGEPLANE_MQTT_PASSWORD: CONTROLLER.password,
    });
    operator = api(controller, controller.adminToken);
    await controllerHasItsRole();
    deviceA = await provisionDevice(operator, 'edge-a');
    deviceB = await provisionDevice(operator, 'edge-b');
  }, 60_000);

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  });

  afterAll(async () => {
    await controller?.close();
    await broker?.close();
  });

  /**
   * On its first start the controller gives its own broker client the `edgeplane-controller` role, which
   * makes the broker cut its connections once; wait until they are back with it.
   */
  async function controllerHasItsRole(): Promise<void> {
    const inspector = await connectRaw({ clientId: 'test-inspector', username: CONTROLLER.username, password: CONTROLLER.password });
    await inspector.subscribeAsync('$CONTROL/dynamic-security/v1/response', { qos: 1 });
    await eventually(async () => {
      const answer = new Promise<string>((resolve) => inspector.once('message', (_topic, payload) => resolve(payload.toString())));
      await inspector.publishAsync('$CONTROL/dynamic-security/v1', JSON.stringify({ commands: [{ command: 'getClient', username: CONTROLLER.username }] }));
      return (await answer).includes('"edgeplane-controller"') ? true : undefined;
    }, 'the controller role', 20_000);
    await eventually(async () => ((await operator.get('/ready')).status === 200 ? true : undefined), 'controller ready', 20_000);
  }

  it('refuses a device publishing on another device’s topics or any desired state, and ingests nothing as the other device', async () => {
    const { client: a, session } = await connect(deviceA);
    const telemetry: Telemetry = {
      windowStart: new Date(Date.now() - 60_000).toISOString(),
      windowEnd: new Date().toISOString(),
      health: { uptimeSeconds: 60, cpuPercent: 40, memoryUsedBytes: 2_000_000, memoryTotalBytes: 8_000_000, diskFreeBytes: 1_000_000_000, load1: 0.5, agentRssBytes: 50_000_000 },
      variants: [],
      droppedMessages: 0,
    };
    const asB = {
      [DeviceChannel.Reported]: { appliedRevision: 0, revision: 0, assignments: [] },
      [DeviceChannel.Telemetry]: telemetry,
      [DeviceChannel.Status]: onlineStatus(session, 'impostor'),
      [DeviceChannel.Desired]: { revision: 99, assignments: [] },
    };

    for (const [channel, body] of Object.entries(asB)) {
      const publish = a.publishAsync(deviceTopic(deviceB.id, channel as DeviceChannel), JSON.stringify(envelope(deviceB.id, body)), { qos: PROTOCOL_QOS });
      await expect(publish).rejects.toMatchObject({ code: NOT_AUTHORIZED });
    }
    const ownDesired = a.publishAsync(deviceTopic(deviceA.id, DeviceChannel.Desired), JSON.stringify(envelope(deviceA.id, asB.desired)), { qos: PROTOCOL_QOS });
    await expect(ownDesired).rejects.toMatchObject({ code: NOT_AUTHORIZED });
    const control = a.publishAsync('$CONTROL/dynamic-security/v1', JSON.stringify({ commands: [{ command: 'listClients' }] }), { qos: 1 });
    await expect(control).rejects.toMatchObject({ code: NOT_AUTHORIZED });

    // The device's own traffic goes through: once it is ingested, B's would have been too.
    await a.publishAsync(deviceTopic(deviceA.id, DeviceChannel.Status), JSON.stringify(envelope(deviceA.id, onlineStatus(session, 'simulated-1'))), { qos: PROTOCOL_QOS, retain: true });
    await a.publishAsync(deviceTopic(deviceA.id, DeviceChannel.Telemetry), JSON.stringify(envelope(deviceA.id, telemetry)), { qos: PROTOCOL_QOS });
    await eventually(async () => ((await stats()).accepted.telemetry === 1 ? true : undefined), 'A’s telemetry ingested');
    expect((await operator.get(`/devices/${deviceA.id}`).expect(200)).body.status).toBe('online');

    expect((await stats()).accepted).toEqual({ status: 1, telemetry: 1 });
    expect((await stats()).rejected).toEqual({});
    const b = (await operator.get(`/devices/${deviceB.id}/state`).expect(200)).body;
    expect(b).toMatchObject({ status: 'provisioned', lastSeenAt: null, health: null, recentStatusEvents: [], appliedRevision: null });
  });

  it('refuses a device subscribing to another device’s desired state, to every device’s topics or to the controllers’ shared subscription', async () => {
    const { client: a } = await connect(deviceA);
    for (const filter of [
      deviceTopic(deviceB.id, DeviceChannel.Desired),
      allDevicesTopic(DeviceChannel.Desired),
      deviceTopic(deviceB.id, DeviceChannel.Telemetry),
      sharedSubscription('edgeplane-controllers', allDevicesTopic(DeviceChannel.Telemetry)),
      'edgeplane/#',
    ]) {
      await expect(a.subscribeAsync(filter, { qos: PROTOCOL_QOS })).rejects.toMatchObject({ packet: { granted: [NOT_AUTHORIZED] } });
    }
    // Its own desired state (connectAsDevice subscribed it) and the controllers' status are its to read.
    const desired = new Promise<string>((resolve) => a.on('message', (topic, payload) => topic === deviceTopic(deviceA.id, DeviceChannel.Desired) && resolve(payload.toString())));
    await operator.put(`/devices/${deviceA.id}/desired`, { assignments: [] }).expect(200);
    expect(JSON.parse(await desired)).toMatchObject({ deviceId: deviceA.id });
    const granted = await a.subscribeAsync('edgeplane/v1/controllers/+/status', { qos: PROTOCOL_QOS });
    expect(granted.map((grant) => grant.qos)).toEqual([PROTOCOL_QOS]);
  });

  it('lets the real edge agent do all it needs: come online, learn that a controller listens, send telemetry', async () => {
    const device = await provisionDevice(operator, 'edge-agent');
    const agent = await AgentProcess.start({ controllerUrl: controller.url, brokerUrl: broker.url, deviceId: device.id, secret: device.secret });
    try {
      const state = await eventually(async () => {
        const { body } = await operator.get(`/devices/${device.id}/state`).expect(200);
        return body.status === 'online' && body.health !== null ? body : undefined;
      }, 'the agent online with its telemetry ingested', 20_000);
      expect(state.health.agentRssBytes).toBeGreaterThan(0);
    } finally {
      await agent.stop();
    }
  });

  it('refuses a wrong password, an unknown device and a device using another device’s client id', async () => {
    await expect(connect(deviceA, `${deviceA.secret}x`)).rejects.toMatchObject({ code: NOT_AUTHORIZED });
    await expect(connectRaw({ clientId: 'stranger', username: 'stranger', password: 'guess' })).rejects.toMatchObject({ code: NOT_AUTHORIZED });
    await expect(connectRaw({ clientId: 'anonymous' })).rejects.toMatchObject({ code: NOT_AUTHORIZED });
    // Taking over B's session (and so cutting B off) with A's credentials.
    await expect(connectRaw({ clientId: deviceB.id, username: deviceA.id, password: deviceA.secret })).rejects.toMatchObject({ code: NOT_AUTHORIZED });
  });

  it('re-issuing a device’s credentials cuts the connection made with the old secret and refuses it from then on', async () => {
    const { client: old } = await connect(deviceA);
    const cut = closed(old);

    const reissued = await operator.post(`/devices/${deviceA.id}/credentials`).expect(201);

    await cut;
    await expect(connect(deviceA)).rejects.toMatchObject({ code: NOT_AUTHORIZED });
    deviceA = { id: deviceA.id, secret: reissued.body.secret };
    const { client } = await connect(deviceA);
    expect(client.connected).toBe(true);
  });

  it('decommissioning a device cuts its live connection and refuses it from then on', async () => {
    const { client } = await connect(deviceB);
    const cut = closed(client);

    await operator.post(`/devices/${deviceB.id}/decommission`).expect(200);

    await cut;
    await expect(connect(deviceB)).rejects.toMatchObject({ code: NOT_AUTHORIZED });
  });

  it('keeps the broker equal to the registry with two replicas provisioning, decommissioning and reconciling at once', async () => {
    const replica = await startReplicaOf(controller);
    const replicas = [operator, api(replica, controller.adminToken)];
    let busy = true;
    const reconcileWhileBusy = async (service: BrokerAccessService) => {
      while (busy) await service.reconcile();
    };
    const reconciling = [controller.app, replica.app].map((app) => reconcileWhileBusy(app.get(BrokerAccessService)));
    try {
      const devices = await Promise.all([...Array(8).keys()].map((n) => provisionDevice(replicas[n % 2]!, `edge-replicas-${n}`)));
      const retired = devices.filter((_, n) => n % 3 === 0);
      await Promise.all(retired.map((device, n) => replicas[(n + 1) % 2]!.post(`/devices/${device.id}/decommission`).expect(200)));
      busy = false;
      await Promise.all(reconciling);

      for (const device of devices) {
        if (retired.includes(device)) await expect(connect(device)).rejects.toMatchObject({ code: NOT_AUTHORIZED });
        else expect((await connect(device)).client.connected).toBe(true);
      }
    } finally {
      busy = false;
      await replica.close();
    }
  }, 60_000);

  it('catches up with changes made while the broker was down once it is back', async () => {
    const retired = await provisionDevice(operator, 'edge-retired');
    await broker.stop();

    const late = await provisionDevice(operator, 'edge-late');
    await operator.post(`/devices/${retired.id}/decommission`).expect(200);
    await broker.start();

    await eventually(() => connect(late).then(() => true, () => undefined), 'the device provisioned while the broker was down connects', 30_000);
    await expect(connect(retired)).rejects.toMatchObject({ code: NOT_AUTHORIZED });
  }, 60_000);
});
