import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CompileJobView, type DeploymentView, DeviceChannel } from '@edgeplane/contracts';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { ControllerProcess } from '../support/controller-process';
import { completedTimeline, deploymentRequest, timelineSteps, withDatabase } from '../support/deployments';
import { Api, api, sendRaw } from '../support/http';
import { RunningProcess, startCompilerFor } from '../support/processes';
import { SimulatedDevice } from '../support/simulated-device';
import { variantTelemetry } from '../support/telemetry-bodies';
import { eventually } from '../fleet/fleet-fixture';

const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const PROFILES = ['cpu', 'gpu', 'fpga', 'asic'];
const DEVICE_PROFILES = ['cpu', 'gpu', 'cpu', 'gpu', 'cpu', 'gpu', 'cpu', 'gpu'];
const MESSAGES_PER_DEVICE = 12;
/** Messages each device sends a second time with the same message id, as after a reconnect. */
const RESENT = new Set([1, 6, 11]);
/** These devices' telemetry is healthy, but the test is about replicas, not about gate arithmetic. */
const LENIENT_GATES = { maxFailedPercent: 0, maxErrorRate: 1, maxP95LatencyMs: 100_000, minReportedPercent: 0 };

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

/**
 * Issue 6: two controller processes and two compiler processes on one database, Redis queue prefix,
 * MQTT share group and artifact store. Compile jobs run once, telemetry is stored once per message,
 * a deployment advances one step at a time, and it finishes on one controller after the other dies.
 * The `it`s build on each other: the compiled variants are deployed to the devices that sent telemetry.
 */
describe('two controllers and two compilers sharing one database, queue and broker', () => {
  let primary: ControllerProcess;
  let secondary: ControllerProcess;
  /** The admin API of each controller; requests alternate between them, as behind a load balancer. */
  let admins: [Api, Api];
  const compilers: RunningProcess[] = [];
  const devices: SimulatedDevice[] = [];
  let sourceSha256: string;
  const variants: Record<string, string> = {};

  beforeAll(async () => {
    primary = await ControllerProcess.create();
    secondary = primary.replica();
    // Started together, as an orchestrator starts replicas (both bootstrap the same admin key).
    await Promise.all([primary.start(), secondary.start()]);
    admins = [api(primary, primary.adminToken), api(secondary, primary.adminToken)];
    const upload = await sendRaw(secondary, '/models/text-direction/versions', await readFile(REAL_MODEL_FILES.cls)).expect(201);
    sourceSha256 = upload.body.sha256;
    compilers.push(...(await Promise.all([startCompilerFor(primary), startCompilerFor(primary)])));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(devices.map((device) => device.close()));
    await Promise.all(compilers.map((compiler) => compiler.stop()));
    await secondary?.close();
    await primary?.close();
  });

  it('runs each compile job once, whichever controller took the request and whichever compiler took the job', async () => {
    // The same request to both controllers at the same moment: one job per profile, not two.
    const [viaPrimary, viaSecondary] = await Promise.all(
      admins.map(async (admin) => (await admin.post('/models/text-direction/versions/1/compile', { profiles: PROFILES }).expect(202)).body as CompileJobView[]),
    );
    expect(viaSecondary.map((job) => job.id)).toEqual(viaPrimary.map((job) => job.id));

    const finished = await eventually(async () => {
      const { body } = await admins[1].get('/models/text-direction/versions/1/variants').expect(200);
      const jobs = body as CompileJobView[];
      return jobs.every((job) => !['queued', 'compiling'].includes(job.status)) ? jobs : undefined;
    }, 'every compile job to finish', 90_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${compilers.map((compiler) => compiler.output().slice(-2000)).join('\n---\n')}`);
    });

    for (const job of finished) variants[job.hardwareProfile] = job.id;
    expect(finished.map((job) => job.hardwareProfile).sort()).toEqual([...PROFILES].sort());
    // One attempt each, ending accepted or rejected by its budget; the float profiles' variants are deployed below.
    for (const job of finished) expect({ profile: job.hardwareProfile, attempts: job.attempts, done: ['accepted', 'rejected'].includes(job.status) }).toEqual({ profile: job.hardwareProfile, attempts: 1, done: true });
    expect([variants.cpu, variants.gpu].map((id) => finished.find((job) => job.id === id)!.status)).toEqual(['accepted', 'accepted']);
    // Each job's outcome was reached by one compiler process, once.
    const outcomes = compilers.map((compiler) => [...compiler.output().matchAll(/\(job ([0-9a-f-]{36}), attempt \d+\): (\w+)/g)].map((match) => match[1]));
    expect(outcomes.flat().sort()).toEqual(finished.map((job) => job.id).sort());
    // Asking again (after the jobs are done) neither queues nor runs anything again.
    const again = (await admins[0].post('/models/text-direction/versions/1/compile', { profiles: PROFILES }).expect(202)).body as CompileJobView[];
    const outcome = ({ id, status, attempts }: CompileJobView) => ({ id, status, attempts });
    expect(again.map(outcome).sort(byId)).toEqual(finished.map(outcome).sort(byId));

    // The shared artifact store holds the upload and each variant's file and self-test samples, nothing else.
    const store = join(primary.config.EDGEPLANE_DATA_DIR, 'artifacts');
    const stored = (await readdir(join(store, 'sha256'), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
    const referenced = new Set([sourceSha256, ...finished.flatMap((job) => [job.artifact?.sha256, job.samples?.sha256]).filter((sha) => sha !== undefined)]);
    expect(stored.sort()).toEqual([...referenced].sort());
    expect(await readdir(join(store, 'staging')).catch(() => [])).toEqual([]);
  }, 120_000);

  it('stores each telemetry message once, resent ones included, with both controllers ingesting', async () => {
    for (const [index, hardwareProfile] of DEVICE_PROFILES.entries()) {
      const { body } = await admins[index % 2].post('/devices', { name: `scale-${index}`, hardwareProfile, labels: { group: 'scale' } }).expect(201);
      const device = await SimulatedDevice.connect(BROKER, body.device.id, body.credentials.secret);
      devices.push(device);
      await device.online();
    }
    const before = await ingestedTelemetry();
    const now = Date.now();
    /** Inferences of each distinct message, summed by variant: what the fleet view must show. */
    const expectedInferences: Record<string, number> = {};
    let published = 0;
    await Promise.all(
      devices.map(async (device, index) => {
        const variantId = variants[DEVICE_PROFILES[index]];
        for (let n = 0; n < MESSAGES_PER_DEVICE; n++) {
          const end = new Date(now - (MESSAGES_PER_DEVICE - n) * 1_000);
          const latencies = Array.from({ length: 1 + (n % 4) }, (_, i) => 5 + i);
          const message = await device.telemetry(variantTelemetry(variantId, latencies, 0, { start: new Date(end.getTime() - 1_000), end }));
          expectedInferences[variantId] = (expectedInferences[variantId] ?? 0) + latencies.length;
          published++;
          if (RESENT.has(n)) {
            await device.publishRaw(DeviceChannel.Telemetry, message);
            published++;
          }
        }
      }),
    );

    // Every message sent, resent ones included, has been through one controller's door and its database write.
    const ingested = await eventually(async () => {
      const counts = await ingestedTelemetry();
      const total = counts.reduce((sum, count, index) => sum + count - before[index], 0);
      return total >= published ? counts.map((count, index) => count - before[index]) : undefined;
    }, `${published} telemetry messages to be ingested`, 60_000).catch(async (error: Error) => {
      throw new Error(`${error.message}; ingest stats: ${JSON.stringify(await Promise.all(admins.map(async (admin) => (await admin.get('/ingest/stats')).body)))}`);
    });
    expect(ingested[0] + ingested[1]).toBe(published);
    // The share group spreads device messages over the replicas (Mosquitto takes its members in turn).
    expect(ingested[0]).toBeGreaterThan(0);
    expect(ingested[1]).toBeGreaterThan(0);

    const distinct = devices.length * MESSAGES_PER_DEVICE;
    const rows = await withDatabase(primary, async (client) =>
      (await client.query<{ rows: string; ids: string }>('SELECT count(*) AS rows, count(DISTINCT message_id) AS ids FROM telemetry_messages')).rows[0],
    );
    expect({ rows: Number(rows.rows), ids: Number(rows.ids) }).toEqual({ rows: distinct, ids: distinct });
    const from = new Date(now - 3_600_000).toISOString();
    for (const [index, device] of devices.entries()) {
      const { body } = await admins[index % 2].get(`/devices/${device.id}/telemetry/messages?from=${from}`).expect(200);
      expect(body).toHaveLength(MESSAGES_PER_DEVICE);
    }
    // The fleet's inference counts add each message once: a resent message would inflate them.
    for (const [profile, variantId] of Object.entries(variants).filter(([profile]) => DEVICE_PROFILES.includes(profile))) {
      const { body } = await admins[0].get(`/variants/${variantId}/latency?from=${from}`).expect(200);
      expect({ profile, inferences: body.inferences, devices: body.devices }).toEqual({
        profile,
        inferences: expectedInferences[variantId],
        devices: DEVICE_PROFILES.filter((name) => name === profile).length,
      });
    }
  }, 90_000);

  it('passes each wave once with both controllers, and finishes on the survivor after one is SIGKILLed during a bake', async () => {
    devices.forEach((device) => device.applyDesiredStates());
    // Wave 1's bake outlasts the kill, so the kill lands while it bakes; waves 0 and 2 run quickly.
    const strategy = { kind: 'waves', waves: [{ count: 2, bakeSeconds: 1 }, { count: 3, bakeSeconds: 6 }, { bakeSeconds: 1 }] };
    const created = (await admins[1].post('/deployments', deploymentRequest({ target: { selector: 'group=scale' }, strategy, gates: LENIENT_GATES })).expect(201)).body as DeploymentView;
    const view = async (admin: Api) => (await admin.get(`/deployments/${created.id}`).expect(200)).body as DeploymentView;

    let polls = 0;
    const baking = await eventually(async () => {
      const body = await view(admins[polls++ % 2]);
      return body.waves[1].state === 'baking' ? body : undefined;
    }, 'wave 1 baking', 60_000);
    // Wave 0 was judged and wave 1 started while both controllers consumed the rollout queue.
    expect(baking.waves[0].state).toBe('passed');
    expect(Date.parse(baking.waves[1].bakeUntil!)).toBeGreaterThan(Date.now());

    await primary.kill();
    const done = await eventually(async () => {
      const body = await view(admins[1]);
      return body.state === 'running' ? undefined : body;
    }, `deployment ${created.id} to finish on the surviving controller`, 90_000).catch((error: Error) => {
      throw new Error(`${error.message}\nsurviving controller's output:\n${secondary.output().slice(-4000)}`);
    });

    expect(done.state).toBe('completed');
    expect(done.waves.map((wave) => [wave.index, wave.state, wave.devices.length])).toEqual([
      [0, 'passed', 2],
      [1, 'passed', 3],
      [2, 'passed', 3],
    ]);
    for (const entry of done.waves.flatMap((wave) => wave.devices)) {
      expect(entry).toMatchObject({ status: 'active', variantId: variants[entry.hardwareProfile] });
    }
    // The bake in progress at the kill was served in full by the survivor, not cut short or doubled.
    expect(Date.parse(done.waves[1].finishedAt!)).toBeGreaterThanOrEqual(Date.parse(baking.waves[1].bakeUntil!));
    // Each step once, in order: no event doubled by the other replica, none lost with the killed one.
    expect(timelineSteps(done)).toEqual(completedTimeline(3));
    // Each device's desired state advanced by exactly one revision, to this deployment's variant.
    for (const [index, device] of devices.entries()) {
      const desired = (await admins[1].get(`/devices/${device.id}/desired`).expect(200)).body;
      expect(desired).toMatchObject({ revision: 1, assignments: [expect.objectContaining({ deploymentId: created.id, variantId: variants[DEVICE_PROFILES[index]] })] });
    }
    const revisions = await withDatabase(secondary, async (client) => (await client.query<{ revision: number }>('SELECT revision FROM desired_revisions')).rows);
    expect(revisions.map(({ revision }) => revision)).toEqual(devices.map(() => 1));
  }, 150_000);

  /** Telemetry messages each controller has accepted since it started, from its own `GET /ingest/stats`. */
  async function ingestedTelemetry(): Promise<number[]> {
    return Promise.all(admins.map(async (admin) => ((await admin.get('/ingest/stats').expect(200)).body.accepted.telemetry as number | undefined) ?? 0));
  }
});
