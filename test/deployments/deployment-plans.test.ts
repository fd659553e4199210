import { readFile } from 'node:fs/promises';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { startController, TestController } from '../support/controller';
import { deploymentRequest, deploymentRowCounts, withDatabase } from '../support/deployments';
import { Api, api, keyWithRole, sendRaw } from '../support/http';
import { RunningProcess, startCompilerFor } from '../support/processes';
import { eventually } from '../fleet/fleet-fixture';

interface DeviceEntry {
  deviceId: string;
  deviceName: string;
  hardwareProfile: string;
  variantId: string | null;
  variantProfile: string | null;
  status: string;
  skipReason: string | null;
  statusReason: string | null;
}

/**
 * Planning deployments (they start as soon as they are created) over real compiled variants of the `cls` model (cpu and gpu only, a few seconds
 * in a compiler process): the variant per device, waves, and one active deployment per device and model.
 */
describe('planning deployments', () => {
  let controller: TestController;
  let admin: Api;
  let operator: Api;
  let compiler: RunningProcess | undefined;
  const variantOf: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const created: string[] = [];

  const provision = async (name: string, hardwareProfile: string, labels: Record<string, string>) => {
    ids[name] = (await admin.post('/devices', { name, hardwareProfile, labels }).expect(201)).body.device.id;
  };
  const deploy = async (overrides: Record<string, unknown>) => {
    const response = await operator.post('/deployments', deploymentRequest(overrides)).expect(201);
    created.push(response.body.id);
    return response.body;
  };
  const allDevices = (deployment: { waves: { devices: DeviceEntry[] }[] }) => deployment.waves.flatMap((wave) => wave.devices);
  /**
   * Waits until the engine has written the first wave's devices of every deployment created so far. Their
   * devices never connect and the deadlines are long, so nothing is written after that.
   */
  const firstWavesStarted = () =>
    eventually(async () => {
      for (const id of created) {
        const { body } = await operator.get(`/deployments/${id}`).expect(200);
        const written = body.waves[0].state === 'applying' && body.waves[0].devices.every((device: DeviceEntry) => device.status !== 'pending');
        if (body.state === 'running' && !written) return undefined;
      }
      return true;
    }, 'first waves started');

  beforeAll(async () => {
    controller = await startController();
    admin = api(controller, controller.adminToken);
    operator = api(controller, await keyWithRole(admin, 'operator', 'rollout-operator'));
    await sendRaw(controller, '/models/text-direction/versions', await readFile(REAL_MODEL_FILES.cls)).expect(201);
    await admin.post('/hardware-profiles', { name: 'jetson-orin', class: 'gpu' }).expect(201);
    const jobs = (await admin.post('/models/text-direction/versions/1/compile', { profiles: ['cpu', 'gpu'] }).expect(202)).body;
    compiler = await startCompilerFor(controller);
    for (const job of jobs as { id: string; hardwareProfile: string }[]) {
      for (let poll = 0; ; poll++) {
        const { body } = await admin.get(`/compile-jobs/${job.id}`).expect(200);
        if (body.status === 'accepted') break;
        if (!['queued', 'compiling'].includes(body.status) || poll > 200) throw new Error(`compile ${job.hardwareProfile}: ${body.status} ${body.reason}\n${compiler.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      variantOf[job.hardwareProfile] = job.id;
    }

    for (const [name, profile] of [['cpu-1', 'cpu'], ['cpu-2', 'cpu'], ['gpu-1', 'gpu'], ['orin-1', 'jetson-orin'], ['orin-2', 'jetson-orin'], ['fpga-1', 'fpga'], ['gpu-retired', 'gpu']]) {
      await provision(name, profile, { group: 'mixed' });
    }
    await admin.post(`/devices/${ids['gpu-retired']}/decommission`).expect(200);
    for (let index = 0; index < 10; index++) await provision(`wave-${index}`, 'cpu', { group: 'waves' });
    for (let index = 0; index < 4; index++) await provision(`conflict-${index}`, 'gpu', { group: 'conflict' });
  }, 60_000);
  afterAll(async () => {
    await compiler?.stop();
    await controller.close();
  });

  it("gives each device its profile's variant, falls back to the class, and skips a device with neither", async () => {
    const deployment = await deploy({ target: { selector: 'group=mixed' }, strategy: { kind: 'all-at-once', bakeSeconds: 300 } });

    expect(deployment).toMatchObject({
      state: 'running',
      model: { name: 'text-direction', version: 1 },
      autoRollback: true,
      devices: { targeted: 6, deployable: 5, skipped: 1 },
      supersededBy: null,
    });
    const byName = Object.fromEntries(allDevices(deployment).map((device: DeviceEntry) => [device.deviceName, device]));
    const chosen = (variantId: string, variantProfile: string) => ({ variantId, variantProfile, status: 'pending', skipReason: null, statusReason: null });
    expect(byName).toEqual({
      'cpu-1': { deviceId: ids['cpu-1'], deviceName: 'cpu-1', hardwareProfile: 'cpu', ...chosen(variantOf.cpu, 'cpu') },
      'cpu-2': { deviceId: ids['cpu-2'], deviceName: 'cpu-2', hardwareProfile: 'cpu', ...chosen(variantOf.cpu, 'cpu') },
      'gpu-1': { deviceId: ids['gpu-1'], deviceName: 'gpu-1', hardwareProfile: 'gpu', ...chosen(variantOf.gpu, 'gpu') },
      'orin-1': { deviceId: ids['orin-1'], deviceName: 'orin-1', hardwareProfile: 'jetson-orin', ...chosen(variantOf.gpu, 'gpu') },
      'orin-2': { deviceId: ids['orin-2'], deviceName: 'orin-2', hardwareProfile: 'jetson-orin', ...chosen(variantOf.gpu, 'gpu') },
      'fpga-1': {
        deviceId: ids['fpga-1'],
        deviceName: 'fpga-1',
        hardwareProfile: 'fpga',
        variantId: null,
        variantProfile: null,
        status: 'skipped',
        skipReason: 'no accepted variant for profile fpga or its class fpga',
        statusReason: null,
      },
    });
    const actor = { keyId: expect.any(String), name: 'rollout-operator' };
    expect(deployment.timeline).toEqual([
      { at: expect.any(String), type: 'created', actor, details: { devices: 6, deployable: 5 } },
      { at: expect.any(String), type: 'started', actor, details: { waves: 1, deadlineSeconds: 3600 } },
    ]);
    // The engine takes it from there: the deployable devices' desired states are written, the skipped one is left alone.
    await firstWavesStarted();
    const live = (await operator.get(`/deployments/${deployment.id}`).expect(200)).body;
    expect(allDevices(live).map((device: DeviceEntry) => [device.deviceId, device.variantId, device.status])).toEqual(
      allDevices(deployment).map((device: DeviceEntry) => [device.deviceId, device.variantId, device.variantId ? 'applying' : 'skipped']),
    );
  });

  it('splits the devices matching every criterion into waves by device id, the last wave taking the rest', async () => {
    const nineWaveDevices = Object.keys(ids).filter((name) => name.startsWith('wave-')).slice(0, 9).map((name) => ids[name]);
    // cpu-1 is listed but lacks the label, and wave-9 has the label but is not listed: neither matches all.
    const target = { selector: 'group=waves', hardwareProfiles: ['cpu'], deviceIds: [...nineWaveDevices, ids['cpu-1']] };
    const strategy = { kind: 'waves', waves: [{ count: 1, bakeSeconds: 60 }, { percent: 30, bakeSeconds: 600 }, { percent: 10, bakeSeconds: 0 }] };

    const deployment = await deploy({ target, strategy });

    expect(deployment.waves.map((wave: { index: number; bakeSeconds: number; state: string; devices: unknown[] }) => [wave.index, wave.bakeSeconds, wave.state, wave.devices.length])).toEqual([
      [0, 60, 'pending', 1],
      [1, 600, 'pending', 3], // 30 % of 9 = 2.7, rounded up
      [2, 0, 'pending', 5],
    ]);
    expect(allDevices(deployment).map((device: DeviceEntry) => device.deviceId)).toEqual([...nineWaveDevices].sort());
    expect(deployment.strategy).toEqual(strategy);
    expect(deployment.target).toEqual(target);
  });

  it('refuses a deployment overlapping an active one with 409 naming it, and supersedes it when asked', async () => {
    const conflict = [0, 1, 2, 3].map((index) => ids[`conflict-${index}`]);
    const first = await deploy({ target: { selector: 'group=conflict' }, strategy: { kind: 'all-at-once', bakeSeconds: 60 } });
    const overlapping = deploymentRequest({ target: { deviceIds: [conflict[2], conflict[1], ids['cpu-1']] }, strategy: { kind: 'all-at-once', bakeSeconds: 60 } });
    await firstWavesStarted();
    const before = await deploymentRowCounts(controller);

    const refused = await operator.post('/deployments', overlapping).expect(409);

    expect(refused.body).toMatchObject({
      code: 'deployment.conflict',
      conflicts: [
        // cpu-1 is in the first test's deployment: that one is named as well (oldest first).
        { deploymentId: created[0], overlappingDevices: 1, deviceIds: [ids['cpu-1']] },
        { deploymentId: first.id, overlappingDevices: 2, deviceIds: [conflict[1], conflict[2]].sort() },
      ],
    });
    expect(refused.body.detail).toContain(`${first.id} (2 devices, e.g. `);
    expect(refused.body.detail).toContain('"supersede": true');
    expect(await deploymentRowCounts(controller)).toEqual(before);

    const replacing = await operator.post('/deployments', { ...overlapping, supersede: true }).expect(201);
    created.push(replacing.body.id);

    const old = (await operator.get(`/deployments/${first.id}`).expect(200)).body;
    expect(old).toMatchObject({ state: 'superseded', supersededBy: replacing.body.id });
    expect(old.timeline.map((event: { type: string; details: object }) => [event.type, event.details])).toEqual([
      ['created', { devices: 4, deployable: 4 }],
      ['started', { waves: 1, deadlineSeconds: 3600 }],
      ['wave_started', { wave: 0, devices: 4 }],
      ['superseded', { by: replacing.body.id, overlappingDevices: 2 }],
    ]);
    expect(replacing.body.timeline.map((event: { type: string }) => event.type)).toEqual(['created', 'started', 'supersedes', 'supersedes']);
    expect(replacing.body.timeline[2].details).toEqual({ deploymentId: created[0], overlappingDevices: 1 });
    // A superseded deployment holds no devices any more: conflict-0 was only in it.
    await deploy({ target: { deviceIds: [conflict[0]] }, strategy: { kind: 'all-at-once', bakeSeconds: 0 } });
  });

  it('lists deployments newest first, page by page', async () => {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const { body } = await operator.get(`/deployments${query}`).expect(200);
      pages.push(body.items.map((item: { id: string }) => item.id));
      cursor = body.nextCursor;
    } while (cursor);

    expect(pages.flat()).toEqual([...created].reverse());
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    const { body } = await operator.get('/deployments?limit=1').expect(200);
    expect(body.items[0]).toEqual({
      id: created[4],
      model: { name: 'text-direction', version: 1 },
      state: 'running',
      supersededBy: null,
      devices: { targeted: 1, deployable: 1, skipped: 0 },
      createdBy: expect.any(String),
      createdAt: expect.any(String),
    });
  });

  // Last: its devices match criteria the tests above use. They are written straight into the database
  // (POST /devices 12,000 times would take minutes) and never connect; the first wave takes one device.
  it('stores a deployment over 12,000 devices, more rows than one INSERT can carry', async () => {
    const count = 12_000;
    await withDatabase(controller, async (client) => {
      await client.query(
        `WITH created AS (
           INSERT INTO devices (id, name, hardware_profile, created_at, updated_at)
           SELECT gen_random_uuid(), 'scale-' || n, 'cpu', now(), now() FROM generate_series(1, $1) AS n RETURNING id)
         INSERT INTO device_labels (device_id, key, value) SELECT id, 'scale', 'big' FROM created`,
        [count],
      );
    });
    const body = await deploy({ target: { selector: 'scale=big' }, strategy: { kind: 'waves', waves: [{ count: 1, bakeSeconds: 600 }, { bakeSeconds: 0 }] } });
    expect(body.devices).toEqual({ targeted: count, deployable: count, skipped: 0 });
    expect(body.waves.map((wave: { devices: DeviceEntry[] }) => wave.devices.length)).toEqual([1, count - 1]);
    const stored = await withDatabase(controller, async (client) =>
      Number((await client.query('SELECT count(*) AS n FROM deployment_devices WHERE deployment_id = $1', [body.id])).rows[0].n),
    );
    expect(stored).toBe(count);
  }, 120_000);
});
