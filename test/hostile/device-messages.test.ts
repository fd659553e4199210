import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DeviceChannel, envelope, MAX_MESSAGE_BYTES, type Telemetry } from '@edgeplane/contracts';
import { eventually, provisionDevice, ProvisionedDevice } from '../fleet/fleet-fixture';
import { startController, TestController } from '../support/controller';
import { Api, api } from '../support/http';
import { startBroker, TestBroker } from '../support/mosquitto';
import { onlineStatus } from '../support/simulated-agent';
import { SimulatedDevice } from '../support/simulated-device';
import { hostileRuns } from './hostile-runs';

const DEVICE_CHANNELS = [DeviceChannel.Reported, DeviceChannel.Telemetry, DeviceChannel.Status] as const;

/**
 * Hostile payloads on device topics, sent over a real device connection: each is refused and counted
 * under its reason at /ingest/stats, nothing of it is stored, and the controller keeps ingesting.
 * The broker is the test's own (no message size limit, like the machine's), because every
 * controller sees every device message of its broker: other tests' bad messages would be counted here.
 */
describe('hostile device messages', () => {
  let broker: TestBroker;
  let controller: TestController;
  let operator: Api;
  let deviceA: ProvisionedDevice;
  let deviceB: ProvisionedDevice;
  let simA: SimulatedDevice;
  let simB: SimulatedDevice;

  type Counts = { accepted: Record<string, number>; rejected: Record<string, number> };
  const stats = async (): Promise<Counts> => (await operator.get('/ingest/stats').expect(200)).body;
  const deltas = (before: Record<string, number>, after: Record<string, number>): Record<string, number> =>
    Object.fromEntries(Object.keys(after).map((key) => [key, after[key] - (before[key] ?? 0)]).filter(([, grown]) => grown !== 0));

  /** Waits until `count` more messages were refused, then returns the refusals by reason and the accepted ones since `before`. */
  const settledAfter = async (before: Counts, count: number) => {
    const after = await eventually(async () => {
      const now = await stats();
      const refused = Object.values(deltas(before.rejected, now.rejected)).reduce((sum, grown) => sum + grown, 0);
      return refused >= count ? now : undefined;
    }, `${count} refusals counted`, 20_000);
    return { rejected: deltas(before.rejected, after.rejected), accepted: deltas(before.accepted, after.accepted) };
  };

  const telemetryBody = (windowEnd = new Date(), droppedMessages = 0): Telemetry => ({
    windowStart: new Date(windowEnd.getTime() - 60_000).toISOString(),
    windowEnd: windowEnd.toISOString(),
    health: { uptimeSeconds: 60, cpuPercent: 10, memoryUsedBytes: 1, memoryTotalBytes: 2, diskFreeBytes: 3, load1: 0.1, agentRssBytes: 4 },
    variants: [],
    droppedMessages,
  });
  const storedTelemetry = async (device: ProvisionedDevice) =>
    (await operator.get(`/devices/${device.id}/telemetry/messages?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`).expect(200)).body as { messageId: string; droppedMessages: number }[];
  const stateOf = async (device: ProvisionedDevice) => (await operator.get(`/devices/${device.id}/state`).expect(200)).body;

  /** The controller is alive and still stores a valid message of device A. */
  const expectStillIngesting = async () => {
    await operator.get('/health').expect(200);
    const before = (await stats()).accepted.telemetry ?? 0;
    const messageId = JSON.parse(await simA.telemetry(telemetryBody(new Date(), 7))).messageId;
    await eventually(async () => ((await storedTelemetry(deviceA)).some((message) => message.messageId === messageId) ? true : undefined), 'valid telemetry stored');
    expect((await stats()).accepted.telemetry).toBe(before + 1);
  };

  beforeAll(async () => {
    broker = await startBroker();
    controller = await startController({ MQTT_URL: broker.url });
    operator = api(controller, controller.adminToken);
    deviceA = await provisionDevice(operator, 'hostile-a');
    deviceB = await provisionDevice(operator, 'hostile-b');
    simA = await SimulatedDevice.connect(broker.url, deviceA.id, deviceA.secret);
    simB = await SimulatedDevice.connect(broker.url, deviceB.id, deviceB.secret);
  });

  afterAll(async () => {
    await simA?.close();
    await simB?.close();
    await controller?.close();
    await broker?.close();
  });

  it('refuses random bytes and arbitrary JSON on every device channel as not JSON or off-schema, storing nothing', async () => {
    const before = await stats();
    const storedBefore = await storedTelemetry(deviceA);
    const payloads = fc.sample(
      fc.tuple(
        fc.constantFrom(...DEVICE_CHANNELS),
        fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
          fc.json({ maxDepth: 6 }).map((json) => Buffer.from(json)),
          // A correct envelope around an arbitrary body: the body is checked as strictly as the envelope.
          fc.jsonValue({ maxDepth: 4 }).map((body) => Buffer.from(JSON.stringify(envelope(deviceA.id, body)))),
          fc.anything({ maxDepth: 3, withObjectString: true }).map((value) => Buffer.from(String(JSON.stringify(value) ?? 'undefined'))),
        ),
      ),
      hostileRuns(150),
    );

    await Promise.all(payloads.map(([channel, payload]) => simA.publishRaw(channel, payload)));

    const after = await settledAfter(before, payloads.length);
    expect(Object.keys(after.rejected).sort()).toEqual(['not_json', 'schema']);
    expect(after.rejected.not_json + after.rejected.schema).toBe(payloads.length);
    expect(after.accepted).toEqual({});
    expect(await storedTelemetry(deviceA)).toEqual(storedBefore);
    expect(await stateOf(deviceA)).toMatchObject({ appliedRevision: null, assignments: [] });
    await expectStillIngesting();
  });

  it('refuses a payload over 256 KiB before parsing it, however well-formed', async () => {
    const before = await stats();
    const storedBefore = await storedTelemetry(deviceA);
    const padded = (bytes: number) => {
      const message = JSON.stringify(envelope(deviceA.id, telemetryBody()));
      return Buffer.from(message.replace('"variants":[]', `"variants":[]${' '.repeat(bytes - message.length)}`));
    };

    await simA.publishRaw(DeviceChannel.Telemetry, padded(MAX_MESSAGE_BYTES + 1));
    await simA.publishRaw(DeviceChannel.Reported, Buffer.alloc(4 * 1024 * 1024, '['));

    expect(await settledAfter(before, 2)).toEqual({ rejected: { too_large: 2 }, accepted: {} });
    expect(await storedTelemetry(deviceA)).toEqual(storedBefore);
    await expectStillIngesting();
  });

  it('refuses deeply nested JSON (100,000 levels) without a stack overflow', async () => {
    const before = await stats();
    const depth = 100_000;
    const deepArray = '['.repeat(depth) + ']'.repeat(depth);
    const deepObject = '{"a":'.repeat(depth / 3) + '1' + '}'.repeat(depth / 3);
    const inBody = JSON.stringify(envelope(deviceA.id, 'BODY')).replace('"BODY"', '['.repeat(depth / 2) + ']'.repeat(depth / 2));

    await simA.publishRaw(DeviceChannel.Telemetry, deepArray);
    await simA.publishRaw(DeviceChannel.Reported, deepObject);
    await simA.publishRaw(DeviceChannel.Status, inBody);
    await simA.publishRaw(DeviceChannel.Telemetry, '['.repeat(depth)); // never closed

    expect(await settledAfter(before, 4)).toEqual({ rejected: { schema: 3, not_json: 1 }, accepted: {} });
    await expectStillIngesting();
  });

  it("refuses a device speaking for another, and messages for devices the registry does not know", async () => {
    const before = await stats();

    await simA.publishRaw(DeviceChannel.Telemetry, JSON.stringify(envelope(deviceB.id, telemetryBody())));
    await simA.publishRaw(DeviceChannel.Reported, JSON.stringify(envelope(deviceB.id, { appliedRevision: 9, revision: 9, assignments: [] })));
    await simA.publishRaw(DeviceChannel.Status, JSON.stringify(envelope(deviceB.id, { state: 'offline', session: randomUUID(), cause: 'shutdown' })));
    const stranger = randomUUID();
    await simA.client.publishAsync(`edgeplane/v1/devices/${stranger}/telemetry`, JSON.stringify(envelope(stranger, telemetryBody())), { qos: 1 });

    expect(await settledAfter(before, 4)).toEqual({ rejected: { device_mismatch: 3, unknown_device: 1 }, accepted: {} });
    expect(await storedTelemetry(deviceB)).toEqual([]);
    expect(await stateOf(deviceB)).toMatchObject({ appliedRevision: null });
    await expectStillIngesting();
  });

  it('refuses times that are no real time, without losing the valid messages stored in the same batch', async () => {
    const before = await stats();
    const storedBefore = await storedTelemetry(deviceA);
    const impossible = ['2026-13-01T00:00:00Z', '2026-01-01T25:00:00Z', '2026-01-01T23:59:60Z', '0000-01-01T00:00:00Z'];
    const validB = { ...envelope(deviceB.id, { appliedRevision: 3, revision: 3, assignments: [] }) };

    // Published together, so that the controller takes them into one batch with B's valid report.
    await Promise.all([
      ...impossible.map((sentAt) => simA.publishRaw(DeviceChannel.Reported, JSON.stringify({ ...envelope(deviceA.id, { appliedRevision: 1, revision: 1, assignments: [] }), sentAt }))),
      ...impossible.map((windowEnd) => simA.publishRaw(DeviceChannel.Telemetry, JSON.stringify(envelope(deviceA.id, { ...telemetryBody(), windowEnd })))),
      simB.publishRaw(DeviceChannel.Reported, JSON.stringify(validB)),
    ]);

    const after = await settledAfter(before, 2 * impossible.length);
    expect(after.rejected).toEqual({ schema: 2 * impossible.length });
    const b = await eventually(async () => ((await stateOf(deviceB)).appliedRevision === 3 ? stateOf(deviceB) : undefined), "B's report stored");
    expect(b).toMatchObject({ appliedRevision: 3 });
    expect(await stateOf(deviceA)).toMatchObject({ appliedRevision: null });
    expect(await storedTelemetry(deviceA)).toEqual(storedBefore);
    await expectStillIngesting();
  });

  it('refuses text holding a NUL character (PostgreSQL cannot store one), without losing the valid messages stored with it', async () => {
    const before = await stats();
    const capabilities = { cpuArch: 'x64', cpuCores: 4, memoryBytes: 1, accelerators: ['cuda\u0000'], executionProviders: ['cpu'] };
    const failed = { model: 'text-direction', variantId: randomUUID(), state: 'failed', reason: 'self-test\u0000failed', activeVariantId: null, lastKnownGoodVariantId: null, download: null };
    const withNul = [
      [DeviceChannel.Reported, JSON.stringify(envelope(deviceA.id, { appliedRevision: 1, revision: 1, assignments: [failed] }))],
      [DeviceChannel.Status, JSON.stringify(envelope(deviceA.id, onlineStatus(randomUUID(), 'agent\u00001')))],
      [DeviceChannel.Status, JSON.stringify(envelope(deviceA.id, { ...onlineStatus(randomUUID(), '1'), capabilities }))],
    ] as const;
    const validB = envelope(deviceB.id, { appliedRevision: 7, revision: 7, assignments: [] });

    await Promise.all([...withNul.map(([channel, payload]) => simA.publishRaw(channel, payload)), simB.publishRaw(DeviceChannel.Reported, JSON.stringify(validB))]);

    const after = await settledAfter(before, withNul.length);
    expect(after.rejected).toEqual({ schema: withNul.length });
    await eventually(async () => ((await stateOf(deviceB)).appliedRevision === 7 ? true : undefined), "B's report stored");
    expect(await operator.get(`/devices/${deviceA.id}`).expect(200)).toMatchObject({ body: { agentVersion: null } });
    await expectStillIngesting();
  });

  it('keeps the newest reported state when an older report is replayed, and stores redelivered telemetry once', async () => {
    const now = Date.now();
    const report = (revision: number, at: number) => JSON.stringify({ ...envelope(deviceA.id, { appliedRevision: revision, revision, assignments: [] }), sentAt: new Date(at).toISOString() });
    const newest = report(5, now);
    await simA.publishRaw(DeviceChannel.Reported, newest);
    await eventually(async () => ((await stateOf(deviceA)).appliedRevision === 5 ? true : undefined), 'revision 5 stored');

    const telemetry = await simA.telemetry(telemetryBody(new Date(now), 42));
    await eventually(async () => ((await storedTelemetry(deviceA)).some(({ droppedMessages }) => droppedMessages === 42) ? true : undefined), 'telemetry stored');
    const before = await stats();
    const replays = [report(4, now - 1_000), report(1, now - 3_600_000), telemetry, telemetry];
    for (const replay of replays) {
      await simA.publishRaw(replay.includes('"revision"') ? DeviceChannel.Reported : DeviceChannel.Telemetry, replay);
    }
    // A replay is a well-formed message of a known device: handled (and counted) as accepted, changing nothing.
    const after = await eventually(async () => {
      const grown = deltas(before.accepted, (await stats()).accepted);
      return (grown.reported ?? 0) + (grown.telemetry ?? 0) >= replays.length ? grown : undefined;
    }, 'replays handled');
    expect(after).toEqual({ reported: 2, telemetry: 2 });

    expect(await stateOf(deviceA)).toMatchObject({ appliedRevision: 5 });
    const stored = (await storedTelemetry(deviceA)).filter((message) => message.messageId === JSON.parse(telemetry).messageId);
    expect(stored).toEqual([expect.objectContaining({ droppedMessages: 42 })]);
    await expectStillIngesting();
  });
  // A report is the device's whole state: an older one must not insert again a model the newest dropped.
  it('does not bring back, from an older report replayed late, an assignment the newest report dropped', async () => {
    const now = Date.now();
    const downloading = { model: 'text-direction', variantId: randomUUID(), state: 'downloading', reason: null, activeVariantId: null, lastKnownGoodVariantId: null, download: { receivedBytes: 1, totalBytes: 2 } };
    const report = (revision: number, at: number, assignments: unknown[]) =>
      JSON.stringify({ ...envelope(deviceA.id, { appliedRevision: revision, revision, assignments }), sentAt: new Date(at).toISOString() });
    await simA.publishRaw(DeviceChannel.Reported, report(9, now, []));
    await eventually(async () => ((await stateOf(deviceA)).appliedRevision === 9 ? true : undefined), 'revision 9 stored');
    const before = (await stats()).accepted.reported ?? 0;

    await simA.publishRaw(DeviceChannel.Reported, report(8, now - 1_000, [downloading]));

    await eventually(async () => (((await stats()).accepted.reported ?? 0) > before ? true : undefined), 'replay handled');
    expect(await stateOf(deviceA)).toMatchObject({ appliedRevision: 9, assignments: [] });
  });
});
