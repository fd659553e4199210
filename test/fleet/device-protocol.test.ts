import { createHash } from 'node:crypto';
import request from 'supertest';
import { DeviceChannel, envelope, Telemetry } from '@edgeplane/contracts';
import { startController, TestController } from '../support/controller';
import { Api, api, binaryBody } from '../support/http';
import { RunningProcess } from '../support/processes';
import { SimulatedDevice } from '../support/simulated-device';
import { variantTelemetry } from '../support/telemetry-bodies';
import { compiledClassifier, eventually, provisionDevice, ProvisionedDevice } from './fleet-fixture';

const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';

/**
 * Protocol v1 between the real controller and devices over the real broker: desired state out,
 * downloads, reported state, presence and telemetry in; bad messages refused and counted.
 */
describe('device protocol', () => {
  let controller: TestController;
  let operator: Api;
  let compiler: RunningProcess;
  let variants: Record<string, string>;
  let deviceA: ProvisionedDevice;
  let deviceB: ProvisionedDevice;
  let simA: SimulatedDevice;
  let simB: SimulatedDevice;

  const basic = (device: ProvisionedDevice) => `Basic ${Buffer.from(`${device.id}:${device.secret}`).toString('base64')}`;
  const download = (path: string) => request(controller.url).get(path).buffer(true).parse(binaryBody);
  const stats = async () => (await operator.get('/ingest/stats').expect(200)).body;

  beforeAll(async () => {
    controller = await startController({ EDGEPLANE_DEVICE_OFFLINE_AFTER_MS: '4000' });
    operator = api(controller, controller.adminToken);
    ({ variants, compiler } = await compiledClassifier(controller, operator, ['cpu', 'gpu']));
    deviceA = await provisionDevice(operator, 'edge-a');
    deviceB = await provisionDevice(operator, 'edge-b');
    simA = await SimulatedDevice.connect(BROKER, deviceA.id, deviceA.secret);
    simB = await SimulatedDevice.connect(BROKER, deviceB.id, deviceB.secret);
  }, 120_000);

  afterAll(async () => {
    await simA?.close();
    await simB?.close();
    await compiler?.stop();
    await controller.close();
  });

  it('marks a device online with its capabilities when it says so', async () => {
    await simA.online();

    const device = await eventually(async () => {
      const { body } = await operator.get(`/devices/${deviceA.id}`).expect(200);
      return body.status === 'online' ? body : undefined;
    }, 'device A online');
    expect(device.agentVersion).toBe('simulated-1');
    expect(device.capabilities).toMatchObject({ cpuArch: 'x64', executionProviders: ['cpu'] });
  });

  it('publishes a desired state as a retained message the device receives, with everything needed to fetch the variant', async () => {
    const put = await operator.put(`/devices/${deviceA.id}/desired`, { assignments: [{ variantId: variants.cpu }] }).expect(200);

    expect(put.body).toMatchObject({ revision: 1, publishedAt: expect.any(String) });
    const desired = await simA.desiredRevision(1);
    const [assignment] = desired.body.assignments;
    expect(assignment).toMatchObject({
      model: 'text-direction',
      modelVersion: 1,
      variantId: variants.cpu,
      hardwareProfile: 'cpu',
      runtime: { executionProviders: ['cpu'], intraOpThreads: 0 },
    });
    const file = await download(assignment.artifact.url).set('Authorization', basic(deviceA)).expect(200);
    expect(file.body.length).toBe(assignment.artifact.sizeBytes);
    expect(createHash('sha256').update(file.body).digest('hex')).toBe(assignment.artifact.sha256);
    expect(file.headers.etag).toBe(`"${assignment.artifact.sha256}"`);
  });

  it('keeps the revision when the same document is put again, and refuses what a device cannot run', async () => {
    const again = await operator.put(`/devices/${deviceA.id}/desired`, { assignments: [{ variantId: variants.cpu }] }).expect(200);
    expect(again.body.revision).toBe(1);

    const wrongProfile = await operator.put(`/devices/${deviceA.id}/desired`, { assignments: [{ variantId: variants.gpu }] }).expect(409);
    expect(wrongProfile.body.code).toBe('desired.profile_mismatch');
    const twice = await operator
      .put(`/devices/${deviceA.id}/desired`, { assignments: [{ variantId: variants.cpu }, { variantId: variants.cpu }] })
      .expect(400);
    expect(twice.body.code).toBe('desired.duplicate_model');
    const unknown = await operator.put(`/devices/${deviceA.id}/desired`, { assignments: [{ variantId: '019a0000-0000-7000-8000-000000000000' }] }).expect(404);
    expect(unknown.body.code).toBe('variant.not_found');
  });

  it('resumes a download with Range, and lets only the assigned device or an operator download', async () => {
    const path = `/api/v1/variants/${variants.cpu}/artifact`;
    const whole = await download(path).set('Authorization', basic(deviceA)).expect(200);
    const tail = await download(path).set('Authorization', basic(deviceA)).set('Range', 'bytes=1000-').expect(206);

    expect(tail.headers['content-range']).toBe(`bytes 1000-${whole.body.length - 1}/${whole.body.length}`);
    expect(Buffer.compare(tail.body, whole.body.subarray(1000))).toBe(0);
    const beyond = await download(path).set('Authorization', basic(deviceA)).set('Range', `bytes=${whole.body.length + 10}-`).expect(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${whole.body.length}`);
    const other = await download(path).set('Authorization', basic(deviceB)).expect(403);
    expect(JSON.parse(other.body.toString()).code).toBe('variant.not_assigned');
    await download(path).set('Authorization', basic({ ...deviceA, secret: 'epd_wrong' })).expect(401);
    await download(path).expect(401);
    await download(path).set('Authorization', `Bearer ${controller.adminToken}`).expect(200);
  });

  it('counts downloads per device, and audits an operator downloading a variant but not its devices', async () => {
    const path = `/api/v1/variants/${variants.cpu}/artifact`;
    const byDevice = await download(path).set('Authorization', basic(deviceA)).set('Range', 'bytes=0-99').expect(206);
    const byOperator = await download(path).set('Authorization', `Bearer ${controller.adminToken}`).set('X-Request-Id', 'operator-download').expect(200);

    expect(byDevice.headers['ratelimit-policy']).toBe(`${controller.config.EDGEPLANE_RATE_LIMIT_PER_DEVICE};w=60`);
    expect(byOperator.headers['ratelimit-policy']).toBe(`${controller.config.EDGEPLANE_RATE_LIMIT_PER_KEY};w=60`);
    const events = (await operator.get(`/audit-events?resource=${variants.cpu}`).expect(200)).body.items as { actor: { kind: string }; requestId: string }[];
    expect(events.map((event) => event.requestId)).toContain('operator-download');
    expect(events.filter((event) => event.actor.kind === 'device')).toEqual([]);
  });

  it('stores reported state and says when the device has converged', async () => {
    await simA.report({
      appliedRevision: 0,
      revision: 1,
      assignments: [assignmentReport('downloading', { receivedBytes: 100, totalBytes: 1000 })],
    });
    const downloading = await eventually(async () => {
      const { body } = await operator.get(`/devices/${deviceA.id}/state`).expect(200);
      return body.assignments[0]?.state === 'downloading' && body.appliedRevision === 0 ? body : undefined;
    }, 'downloading reported');
    expect(downloading).toMatchObject({ converged: false, desired: { revision: 1 }, appliedRevision: 0 });
    expect(downloading.assignments[0].download).toEqual({ receivedBytes: 100, totalBytes: 1000 });

    await simA.report({ appliedRevision: 1, revision: 1, assignments: [assignmentReport('active', null, variants.cpu)] });

    const active = await eventually(async () => {
      const { body } = await operator.get(`/devices/${deviceA.id}/state`).expect(200);
      return body.converged ? body : undefined;
    }, 'converged');
    expect(active.assignments).toEqual([
      expect.objectContaining({ model: 'text-direction', state: 'active', activeVariantId: variants.cpu, download: null }),
    ]);
  });

  it('stores reports that arrive together as one batch: the newest per device, a model listed twice counted once, no report refused for another', async () => {
    const sentAt = Date.now();
    const report = (device: ProvisionedDevice, at: number, assignments: unknown[]) =>
      JSON.stringify({ ...envelope(device.id, { appliedRevision: 0, revision: 1, assignments }), sentAt: new Date(at).toISOString() });
    const failed = { ...(assignmentReport('failed', null) as object), reason: 'self-test failed: outputs differ' };
    // Published back to back, so the controller takes them in one batch: B's newest report first, then
    // an older one delivered late; B's newest lists the model twice (the last entry counts); A's is plain.
    await Promise.all([
      simB.publishRaw(DeviceChannel.Reported, report(deviceB, sentAt, [assignmentReport('downloading', { receivedBytes: 1, totalBytes: 9 }), failed])),
      simB.publishRaw(DeviceChannel.Reported, report(deviceB, sentAt - 1_000, [assignmentReport('downloading', { receivedBytes: 5, totalBytes: 9 })])),
      simA.publishRaw(DeviceChannel.Reported, report(deviceA, sentAt, [assignmentReport('downloading', { receivedBytes: 7, totalBytes: 9 })])),
    ]);

    const stateOf = async (device: ProvisionedDevice) => (await operator.get(`/devices/${device.id}/state`).expect(200)).body;
    const a = await eventually(async () => {
      const body = await stateOf(deviceA);
      return body.assignments[0]?.download?.receivedBytes === 7 ? body : undefined;
    }, 'A report stored');
    expect(a.assignments).toHaveLength(1);
    const b = await stateOf(deviceB);
    expect(b.assignments).toEqual([expect.objectContaining({ model: 'text-direction', state: 'failed', reason: 'self-test failed: outputs differ', download: null })]);
    const reported = (await stats()).accepted.reported;
    await simB.report({ appliedRevision: 0, revision: 1, assignments: [] }); // B serves nothing now
    await eventually(async () => ((await stats()).accepted.reported > reported ? true : undefined), 'B cleared');
    expect((await stateOf(deviceB)).assignments).toEqual([]);
  });

  it('stores telemetry once per message id and merges latency across messages into percentiles', async () => {
    const first = await simA.telemetry(telemetry(variants.cpu, [2, 3, 4, 5, 100], 1));
    await simA.telemetry(telemetry(variants.cpu, [2, 2, 3, 3, 4], 0));
    await simA.publishRaw(DeviceChannel.Telemetry, first); // a QoS 1 redelivery: same message id

    const latency = await eventually(async () => {
      const { body } = await operator.get(`/variants/${variants.cpu}/latency`).expect(200);
      return body.inferences >= 10 ? body : undefined;
    }, 'telemetry stored');
    await new Promise((resolve) => setTimeout(resolve, 500)); // room for the redelivery to be (not) counted
    const settled = (await operator.get(`/variants/${variants.cpu}/latency`).expect(200)).body;

    expect(settled).toMatchObject({ inferences: 10, errors: 1, devices: 1, model: 'text-direction' });
    expect(settled.errorRate).toBeCloseTo(1 / 11);
    expect(settled.latencyMs.max).toBe(100);
    expect(settled.latencyMs.p50).toBeGreaterThanOrEqual(2.97);
    expect(settled.latencyMs.p50).toBeLessThanOrEqual(3.03);
    expect(latency.latencyMs.p99).toBeGreaterThan(5);
    const series = (await operator.get(`/devices/${deviceA.id}/telemetry?bucket=1h`).expect(200)).body;
    expect(series.buckets.length).toBeGreaterThanOrEqual(1);
    const last = series.buckets.at(-1);
    expect(last.health).toMatchObject({ cpuPercentMax: 40, memoryUsedBytesMax: 2_000_000 });
    const state = (await operator.get(`/devices/${deviceA.id}/state`).expect(200)).body;
    expect(state.health).toMatchObject({ cpuPercent: 40, agentRssBytes: 50_000_000 });
  });

  it('refuses and counts messages that are not JSON, break the schema, or speak for another device; nothing is stored', async () => {
    const before = await stats();

    await simB.publishRaw(DeviceChannel.Telemetry, Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    await simB.publishBody(DeviceChannel.Telemetry, { ...telemetry(variants.cpu, [1], 0), health: { cpuPercent: 'high' } });
    await simB.publishRaw(
      DeviceChannel.Telemetry,
      JSON.stringify({ schemaVersion: 1, messageId: crypto.randomUUID(), sentAt: new Date().toISOString(), deviceId: deviceA.id, body: telemetry(variants.cpu, [999], 0) }),
    );

    const after = await eventually(async () => {
      const now = await stats();
      const grew = (reason: string) => (now.rejected[reason] ?? 0) - (before.rejected[reason] ?? 0);
      return grew('not_json') >= 1 && grew('schema') >= 1 && grew('device_mismatch') >= 1 ? now : undefined;
    }, 'rejections counted');
    expect(after.accepted.telemetry).toBe(before.accepted.telemetry);
    const latency = (await operator.get(`/variants/${variants.cpu}/latency`).expect(200)).body;
    expect(latency.latencyMs.max).toBe(100); // the 999 ms claimed for device A was never stored
    const series = (await operator.get(`/devices/${deviceB.id}/telemetry`).expect(200)).body;
    expect(series.buckets).toEqual([]);
  });

  it('marks a device offline from its last will, ignores a will older than its reconnect, and notices silence', async () => {
    await simB.online();
    await eventually(async () => ((await operator.get(`/devices/${deviceB.id}`)).body.status === 'online' ? true : undefined), 'B online');

    const crashedSession = simB.session;
    simB.crash(); // well within the 4 s of silence after which the controller would notice by itself
    await eventually(async () => ((await operator.get(`/devices/${deviceB.id}`)).body.status === 'offline' ? true : undefined), 'B offline by will');

    simB = await SimulatedDevice.connect(BROKER, deviceB.id, deviceB.secret);
    await simB.online();
    await eventually(async () => ((await operator.get(`/devices/${deviceB.id}`)).body.status === 'online' ? true : undefined), 'B back');
    // The broker may hand over the crashed connection's will only now: it names the old session.
    await simB.publishBody(DeviceChannel.Status, { state: 'offline', cause: 'will', session: crashedSession });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await operator.get(`/devices/${deviceB.id}`)).body.status).toBe('online');

    // Device B now stays silent (no telemetry): after the 4 s offline threshold and a sweep, it is offline.
    const state = await eventually(
      async () => {
        const { body } = await operator.get(`/devices/${deviceB.id}/state`).expect(200);
        return body.status === 'offline' ? body : undefined;
      },
      'B offline by silence',
      15_000,
    );
    expect(state.recentStatusEvents.map((event: { cause: string }) => event.cause)).toEqual(
      expect.arrayContaining(['heartbeat_timeout', 'will', 'connect']),
    );
  });

  function assignmentReport(state: string, download: { receivedBytes: number; totalBytes: number } | null, active: string | null = null) {
    return { model: 'text-direction', variantId: variants.cpu, state, reason: null, activeVariantId: active, lastKnownGoodVariantId: active, download } as never;
  }
});

/** A ten-second telemetry window ending now, for one variant. */
function telemetry(variantId: string, latencies: number[], errors: number): Telemetry {
  const end = new Date();
  return variantTelemetry(variantId, latencies, errors, { start: new Date(end.getTime() - 10_000), end });
}
