/*
 * One process of the simulated fleet: hosts its share of the devices, each on its own MQTT 5
 * connection as the edge agent makes it (client id and username = device id, the device secret as
 * password, an `offline` last will), and does what the parent (SimulatedFleet) asks over IPC.
 * No models run: desired states are answered like an agent that downloads and activates at once.
 */
import type { MqttClient } from 'mqtt';
import { decodeDeviceMessage, DeviceChannel, deviceTopic, envelope, PROTOCOL_QOS, type DesiredState, type Telemetry } from '@edgeplane/contracts';
import { agentReport, connectAsDevice, onlineStatus } from '../../test/support/simulated-agent';
import { variantTelemetry } from '../../test/support/telemetry-bodies';
import type { AnswerMode, FleetCommand, FleetCounts, FleetDevice, FleetReply, FleetRequest } from './fleet-messages';

/** Agents' telemetry interval; a simulated message covers one such window ending when it is sent. */
const WINDOW_MS = 10_000;
/** Reports of one device must carry increasing sentAt (the controller keeps the newest one). */
const REPORT_SPACING_MS = 20;

interface HostedDevice {
  id: string;
  client: MqttClient;
  appliedRevision: number;
  telemetryInFlight: number;
}

const devices: HostedDevice[] = [];
let answerMode: AnswerMode = { kind: 'agent' };
let closing = false;
const counts: FleetCounts = {
  connected: 0,
  desiredDevices: 0,
  firstDesiredAt: null,
  lastDesiredAt: null,
  desiredBytes: 0,
  activeAcked: 0,
  lastActiveAckAt: null,
  reportBytes: 0,
  echoesAcked: 0,
  telemetrySent: 0,
  telemetryAcked: 0,
  telemetryFailed: 0,
  firstTelemetryAt: null,
  lastTelemetryAckAt: null,
  telemetryBytes: 0,
  disconnects: 0,
  connectRetries: 0,
};
const seenDesired = new Set<string>();

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A busy shared machine can delay a CONNACK past the timeout; a device tries again, as an agent would. */
const CONNECT_ATTEMPTS = 3;

async function connectWithRetry(brokerUrl: string, id: string, secret: string): ReturnType<typeof connectAsDevice> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connectAsDevice(brokerUrl, id, secret, { connectTimeout: 60_000 });
    } catch (error) {
      if (attempt >= CONNECT_ATTEMPTS) throw error;
      counts.connectRetries++;
      await sleep(1_000 * attempt);
    }
  }
}

async function connectDevice(brokerUrl: string, { id, secret }: FleetDevice): Promise<HostedDevice> {
  const { client, session } = await connectWithRetry(brokerUrl, id, secret);
  const device: HostedDevice = { id, client, appliedRevision: 0, telemetryInFlight: 0 };
  client.on('close', () => {
    if (!closing) counts.disconnects++;
  });
  client.on('message', (topic, payload) => onDesired(device, topic, payload));
  await client.publishAsync(deviceTopic(id, DeviceChannel.Status), JSON.stringify(envelope(id, onlineStatus(session, 'bench-fleet-1'))), { qos: PROTOCOL_QOS, retain: true });
  return device;
}

/** Connects `list` at `perSecond`, several at a time, so that the broker and the controller are not flooded. */
async function connectAll(brokerUrl: string, list: FleetDevice[], perSecond: number): Promise<number> {
  const started = now();
  const pending: Promise<void>[] = [];
  for (const [index, entry] of list.entries()) {
    const due = started + (index * 1000) / perSecond;
    if (due > now()) await sleep(due - now());
    pending.push(
      connectDevice(brokerUrl, entry).then((device) => {
        devices.push(device);
        counts.connected++;
      }),
    );
  }
  await Promise.all(pending);
  return counts.connected;
}

function onDesired(device: HostedDevice, topic: string, payload: Buffer): void {
  // An empty retained payload clears the topic: nothing to apply.
  if (payload.length === 0 || topic !== deviceTopic(device.id, DeviceChannel.Desired)) return;
  const at = now();
  counts.firstDesiredAt ??= at;
  counts.lastDesiredAt = at;
  counts.desiredBytes = payload.length;
  if (!seenDesired.has(device.id)) {
    seenDesired.add(device.id);
    counts.desiredDevices++;
  }
  const mode = answerMode;
  if (mode.kind === 'echo') {
    device.client.publish(`${mode.topicPrefix}/${device.id}`, Buffer.alloc(mode.bytes, 'r'), { qos: PROTOCOL_QOS }, (error) => {
      if (!error) counts.echoesAcked++;
    });
    return;
  }
  const decoded = decodeDeviceMessage(DeviceChannel.Desired, device.id, payload);
  if (!decoded.ok) throw new Error(`device ${device.id} got an invalid desired state: ${decoded.detail}`);
  void applyDesired(device, decoded.message.body).catch(() => undefined);
}

async function applyDesired(device: HostedDevice, desired: DesiredState): Promise<void> {
  if (desired.revision <= device.appliedRevision) return;
  await report(device, agentReport(desired, 'downloading', device.appliedRevision));
  await sleep(REPORT_SPACING_MS);
  device.appliedRevision = desired.revision;
  await report(device, agentReport(desired, 'active', device.appliedRevision));
  counts.activeAcked++;
  counts.lastActiveAckAt = now();
}

async function report(device: HostedDevice, body: unknown): Promise<void> {
  const payload = JSON.stringify(envelope(device.id, body));
  counts.reportBytes = payload.length;
  await device.client.publishAsync(deviceTopic(device.id, DeviceChannel.Reported), payload, { qos: PROTOCOL_QOS });
}

/**
 * Every device publishes telemetry until `untilMs`, keeping `inFlight` QoS 1 publishes unacknowledged
 * at most: as fast as the broker acknowledges. Each message's window ends when it is sent, so that
 * windowEnd stands for sentAt where only the body is stored.
 */
async function publishTelemetry(command: Extract<FleetCommand, { kind: 'telemetry' }>): Promise<void> {
  // Each command is a round of its own: the counts say what this round sent.
  Object.assign(counts, { telemetrySent: 0, telemetryAcked: 0, telemetryFailed: 0, firstTelemetryAt: null, lastTelemetryAckAt: null });
  const base = variantTelemetry(command.variantId, [4.1, 4.3, 4.8, 5.2, 6.0, 7.5, 9.9, 12.4], 0, { start: new Date(), end: new Date() });
  const body = (end: Date): Telemetry => ({ ...base, windowStart: new Date(end.getTime() - WINDOW_MS).toISOString(), windowEnd: end.toISOString() });
  const pump = (device: HostedDevice, topic: string) => {
    while (device.telemetryInFlight < command.inFlight && now() < command.untilMs && device.client.connected) {
      const sentAt = new Date();
      const payload = JSON.stringify(envelope(device.id, body(sentAt), sentAt));
      counts.firstTelemetryAt ??= sentAt.getTime();
      counts.telemetrySent++;
      counts.telemetryBytes = payload.length;
      device.telemetryInFlight++;
      device.client.publish(topic, payload, { qos: PROTOCOL_QOS }, (error) => {
        device.telemetryInFlight--;
        if (error) counts.telemetryFailed++;
        else {
          counts.telemetryAcked++;
          counts.lastTelemetryAckAt = now();
        }
        pump(device, topic);
      });
    }
  };
  for (const device of devices) {
    pump(device, command.topicPrefix === null ? deviceTopic(device.id, DeviceChannel.Telemetry) : `${command.topicPrefix}/${device.id}/telemetry`);
  }
  // Until the end, then until the last publishes are acknowledged (bounded: a lost connection never acknowledges).
  await sleep(Math.max(0, command.untilMs - now()));
  const settleBy = now() + 10_000;
  while (devices.some((device) => device.telemetryInFlight > 0 && device.client.connected) && now() < settleBy) await sleep(50);
}

async function closeAll(): Promise<void> {
  closing = true;
  await Promise.all(devices.map((device) => device.client.endAsync().catch(() => device.client.end(true))));
}

async function run(command: FleetCommand): Promise<unknown> {
  switch (command.kind) {
    case 'connect':
      return connectAll(command.brokerUrl, command.devices, command.perSecond);
    case 'answer':
      // A new mode starts a new round: the desired states counted are the ones answered this way.
      answerMode = command.mode;
      seenDesired.clear();
      Object.assign(counts, { desiredDevices: 0, firstDesiredAt: null, lastDesiredAt: null, activeAcked: 0, lastActiveAckAt: null, echoesAcked: 0 });
      return undefined;
    case 'telemetry':
      return publishTelemetry(command);
    case 'counts':
      return counts;
    case 'close':
      return closeAll();
  }
}

process.on('message', (request: FleetRequest) => {
  run(request.command).then(
    (result) => process.send!({ id: request.id, ok: true, result } satisfies FleetReply),
    (error: Error) => process.send!({ id: request.id, ok: false, error: error.stack ?? error.message } satisfies FleetReply),
  );
});
// The parent is gone (crashed, killed): the devices go with it.
process.on('disconnect', () => process.exit(0));
