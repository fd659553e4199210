import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { DeviceChannel } from '@edgeplane/contracts';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { startController, TestController } from '../support/controller';
import { deploymentRequest } from '../support/deployments';
import { Api, api, sendRaw } from '../support/http';
import { RunningProcess, startCompilerFor } from '../support/processes';
import { freePort } from '../support/free-port';
import { Sample, scrape, scrapeAt, valueOf } from '../support/prometheus';
import { variantTelemetry } from '../support/telemetry-bodies';
import { SimulatedDevice } from '../support/simulated-device';
import { eventually, provisionDevice, ProvisionedDevice } from '../fleet/fleet-fixture';

const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const SCRAPE_TOKEN = 'scrape-token-for-the-metrics-test-0123456789';

/**
 * GET /metrics of the real controller against the real PostgreSQL, Redis and Mosquitto: what the
 * fleet, the device messages, the API, the queues and the deployments look like to Prometheus.
 */
describe('metrics', () => {
  let controller: TestController;
  let admin: Api;
  let compiler: RunningProcess | undefined;
  let device: SimulatedDevice | undefined;
  const cpuDevices: ProvisionedDevice[] = [];
  let cpuVariant: string;
  let compilerSamples: Sample[];

  beforeAll(async () => {
    // A low anonymous limit: scrapes carry no API key, and must not be counted against it.
    controller = await startController({ EDGEPLANE_METRICS_TOKEN: SCRAPE_TOKEN, EDGEPLANE_RATE_LIMIT_PER_ANONYMOUS_IP: '3' });
    admin = api(controller, controller.adminToken);
    cpuDevices.push(await provisionDevice(admin, 'metrics-cpu-1'), await provisionDevice(admin, 'metrics-cpu-2'));
    await provisionDevice(admin, 'metrics-gpu-1', 'gpu');
  }, 60_000);

  afterAll(async () => {
    await device?.close();
    await compiler?.stop();
    await controller?.close();
  });

  it('takes only the scrape token, and answers scrapes however often they come', async () => {
    const missing = await request(controller.url).get('/metrics').expect(401);
    expect(missing.body.code).toBe('metrics.invalid_token');
    await request(controller.url).get('/metrics').set('Authorization', 'Bearer not-the-scrape-token').expect(401);
    // An API key, even an admin's, is not a scrape token: the scraper's credential reads metrics and nothing else.
    const apiKey = await request(controller.url).get('/metrics').set('Authorization', `Bearer ${controller.adminToken}`).expect(401);
    expect(apiKey.body.code).toBe('metrics.invalid_token');
    for (let i = 0; i < 6; i++) await scrape(controller);
    // Not part of the versioned JSON API.
    await request(controller.url).get('/api/v1/metrics').set('Authorization', `Bearer ${SCRAPE_TOKEN}`).expect(404);
  });

  it('reports the devices by status and hardware profile', async () => {
    let samples = await scrape(controller);
    expect(valueOf(samples, 'edgeplane_devices', { status: 'provisioned', hardware_profile: 'cpu' })).toBe(2);
    expect(valueOf(samples, 'edgeplane_devices', { status: 'provisioned', hardware_profile: 'gpu' })).toBe(1);
    expect(valueOf(samples, 'edgeplane_devices', { status: 'online', hardware_profile: 'cpu' })).toBe(0);

    device = await SimulatedDevice.connect(BROKER, cpuDevices[0].id, cpuDevices[0].secret);
    await device.online();
    samples = await eventually(async () => {
      const now = await scrape(controller);
      const online = valueOf(now, 'edgeplane_devices', { status: 'online', hardware_profile: 'cpu' }) === 1;
      // The message is counted just after it is stored, so the two can be a moment apart.
      return online && valueOf(now, 'edgeplane_device_messages_ingested_total', { channel: 'status' }) !== undefined ? now : undefined;
    }, 'the device counted online');
    expect(valueOf(samples, 'edgeplane_devices', { status: 'provisioned', hardware_profile: 'cpu' })).toBe(1);
    expect(valueOf(samples, 'edgeplane_device_messages_ingested_total', { channel: 'status' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'edgeplane_device_message_lag_seconds_count', { channel: 'status' })).toBeGreaterThanOrEqual(1);
    // Never a series per device.
    expect(samples.filter((sample) => Object.values(sample.labels).some((value) => value.includes(cpuDevices[0].id)))).toEqual([]);
  });

  it('counts a refused device message under its reason', async () => {
    const before = valueOf(await scrape(controller), 'edgeplane_device_messages_rejected_total', { reason: 'not_json' }) ?? 0;
    await device!.publishRaw(DeviceChannel.Telemetry, Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    await eventually(async () => {
      const now = valueOf(await scrape(controller), 'edgeplane_device_messages_rejected_total', { reason: 'not_json' });
      return now === before + 1 ? now : undefined;
    }, 'the refused message counted');
  });

  it('times API requests under their route pattern, never their URL', async () => {
    await admin.get(`/devices/${cpuDevices[1].id}`).expect(200);
    await admin.get('/devices/0190d1a6-0000-7000-8000-000000000000').expect(404);
    const samples = await scrape(controller);
    const route = '/api/v1/devices/:id';
    expect(valueOf(samples, 'edgeplane_http_request_duration_seconds_count', { method: 'GET', route, status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'edgeplane_http_request_duration_seconds_count', { method: 'GET', route, status_class: '4xx' })).toBe(1);
    const routes = new Set(samples.filter((s) => s.name === 'edgeplane_http_request_duration_seconds_count').map((s) => s.labels.route));
    expect([...routes].filter((r) => r.includes(cpuDevices[1].id))).toEqual([]);
  });

  it('times the web console under /console, whatever page was asked for', async () => {
    await request(controller.url).get(`/console/devices/${cpuDevices[1].id}`).expect(200);
    await request(controller.url).get('/console/models').expect(200);
    const samples = await scrape(controller);
    expect(valueOf(samples, 'edgeplane_http_request_duration_seconds_count', { method: 'GET', route: '/console', status_class: '2xx' })).toBe(2);
  });

  it('reports the compile queue waiting, then a deployment by its state', async () => {
    await sendRaw(controller, '/models/text-direction/versions', await readFile(REAL_MODEL_FILES.cls)).expect(201);
    const [job] = (await admin.post('/models/text-direction/versions/1/compile', { profiles: ['cpu'] }).expect(202)).body as { id: string }[];
    // No compiler runs yet, so the job waits.
    let samples = await scrape(controller);
    expect(valueOf(samples, 'edgeplane_queue_jobs', { queue: 'compile', state: 'waiting' })).toBe(1);
    expect(valueOf(samples, 'edgeplane_queue_jobs', { queue: 'compile', state: 'failed' })).toBe(0);
    expect(valueOf(samples, 'edgeplane_deployments', { state: 'running' })).toBe(0);

    const compilerPort = await freePort();
    compiler = await startCompilerFor(controller, { EDGEPLANE_COMPILER_METRICS_PORT: String(compilerPort), EDGEPLANE_METRICS_TOKEN: SCRAPE_TOKEN, EDGEPLANE_HTTP_HOST: '127.0.0.1' });
    await eventually(async () => ((await admin.get(`/compile-jobs/${job.id}`).expect(200)).body.status === 'accepted' ? true : undefined), 'the cpu variant', 120_000);
    samples = await scrape(controller);
    expect(valueOf(samples, 'edgeplane_queue_jobs', { queue: 'compile', state: 'waiting' })).toBe(0);
    // The compiler process serves its own /metrics: how long its compile attempt took.
    const compilerUrl = `http://127.0.0.1:${compilerPort}`;
    await request(compilerUrl).get('/metrics').expect(401);
    compilerSamples = await scrapeAt(compilerUrl, SCRAPE_TOKEN);
    cpuVariant = job.id;
    expect(valueOf(compilerSamples, 'edgeplane_compile_job_duration_seconds_count', { hardware_class: 'cpu', outcome: 'accepted' })).toBe(1);
    expect(valueOf(compilerSamples, 'edgeplane_compile_job_duration_seconds_sum', { hardware_class: 'cpu', outcome: 'accepted' })).toBeGreaterThan(0);

    await admin
      .post('/deployments', deploymentRequest({ target: { hardwareProfiles: ['cpu'] }, strategy: { kind: 'waves', waves: [{ bakeSeconds: 3600 }] } }))
      .expect(201);
    samples = await scrape(controller);
    expect(valueOf(samples, 'edgeplane_deployments', { state: 'running' })).toBe(1);
    expect(valueOf(samples, 'edgeplane_deployments', { state: 'completed' })).toBe(0);
  }, 180_000);

  it('has every metric the Grafana dashboard queries', async () => {
    // A telemetry batch, so that its write histogram has samples too.
    const now = Date.now();
    await device!.telemetry(variantTelemetry(cpuVariant, [5, 6, 7], 0, { start: new Date(now - 60_000), end: new Date(now) }));
    const samples = await eventually(async () => {
      const scraped = await scrape(controller);
      return valueOf(scraped, 'edgeplane_telemetry_batch_write_duration_seconds_count', { outcome: 'stored' }) ? scraped : undefined;
    }, 'the telemetry batch timed');

    const dashboard = JSON.parse(await readFile(join(__dirname, '../../deploy/grafana/edgeplane.json'), 'utf8'));
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }));
    const queries = dashboard.panels.filter((panel: { type: string }) => panel.type !== 'row');
    expect(queries.length).toBeGreaterThanOrEqual(10);
    const exprs: string[] = queries.flatMap((panel: { datasource: { uid: string }; targets: { expr: string }[] }) => {
      expect(panel.datasource.uid).toBe('${datasource}');
      return panel.targets.map((target) => target.expr);
    });
    const queried = new Set(exprs.flatMap((expr) => expr.match(/\bedgeplane_[a-z0-9_]+/g) ?? []));
    const exposed = new Set([...samples, ...compilerSamples].map((sample) => sample.name));
    expect(queried.size).toBeGreaterThanOrEqual(10);
    expect([...queried].filter((name) => !exposed.has(name))).toEqual([]);
  });
});

describe('metrics without a scrape token', () => {
  let controller: TestController;

  beforeAll(async () => {
    controller = await startController();
  }, 60_000);
  afterAll(() => controller?.close());

  it('are off, and say which setting turns them on', async () => {
    const response = await request(controller.url).get('/metrics').set('Authorization', `Bearer ${controller.adminToken}`).expect(404);
    expect(response.body.code).toBe('metrics.disabled');
    expect(response.body.detail).toContain('EDGEPLANE_METRICS_TOKEN');
  });
});

describe('metrics while Redis is down', () => {
  let controller: TestController;

  beforeAll(async () => {
    // Nothing listens on port 1: the queues are unreachable while PostgreSQL works.
    controller = await startController({ REDIS_URL: 'redis://127.0.0.1:1', EDGEPLANE_METRICS_TOKEN: SCRAPE_TOKEN });
  }, 60_000);
  afterAll(() => controller?.close());

  it('still answer, with everything but the queue depths', async () => {
    await provisionDevice(api(controller, controller.adminToken), 'metrics-without-redis');

    const samples = await scrape(controller);

    expect(valueOf(samples, 'edgeplane_devices', { status: 'provisioned', hardware_profile: 'cpu' })).toBe(1);
    expect(samples.filter((sample) => sample.name === 'edgeplane_queue_jobs')).toEqual([]);
  });
});
