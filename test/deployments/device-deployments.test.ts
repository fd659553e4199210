import { startController, TestController } from '../support/controller';
import { deploymentRequest } from '../support/deployments';
import { Api, api, keyWithRole } from '../support/http';
import { RunningProcess } from '../support/processes';
import { compiledClassifier, eventually } from '../fleet/fleet-fixture';

interface WaveDevice {
  deviceId: string;
  variantId: string | null;
  status: string;
  skipReason: string | null;
  statusReason: string | null;
}

/**
 * A device's rollout history, over real deployments of the `cls` model compiled for cpu only (a few
 * seconds in a compiler process). The devices never connect, so the deployments stay where they are.
 */
describe("a device's deployments", () => {
  let controller: TestController;
  let operator: Api;
  let viewer: Api;
  let compiler: RunningProcess | undefined;
  let cpuVariant: string;
  const ids: Record<string, string> = {};
  let first: { id: string; createdAt: string };
  let second: { id: string; createdAt: string };

  /** The device's entry as GET /deployments/{id} shows it, with its wave. */
  const entryOf = async (deploymentId: string, deviceId: string) => {
    const { body } = await viewer.get(`/deployments/${deploymentId}`).expect(200);
    for (const wave of body.waves as { index: number; devices: WaveDevice[] }[]) {
      const device = wave.devices.find((candidate) => candidate.deviceId === deviceId);
      if (device) return { waveIndex: wave.index, ...device };
    }
    throw new Error(`device ${deviceId} is not in deployment ${deploymentId}`);
  };

  beforeAll(async () => {
    controller = await startController();
    const admin = api(controller, controller.adminToken);
    operator = api(controller, await keyWithRole(admin, 'operator'));
    viewer = api(controller, await keyWithRole(admin, 'viewer'));
    const compiled = await compiledClassifier(controller, operator, ['cpu']);
    compiler = compiled.compiler;
    cpuVariant = compiled.variants.cpu;
    for (const [name, profile] of [['cpu-1', 'cpu'], ['cpu-2', 'cpu'], ['fpga-1', 'fpga'], ['bystander', 'cpu']]) {
      const labels = name === 'bystander' ? { site: 'paris' } : { site: 'berlin' };
      ids[name] = (await operator.post('/devices', { name, hardwareProfile: profile, labels }).expect(201)).body.device.id;
    }
    const strategy = { kind: 'waves', waves: [{ count: 1, bakeSeconds: 600 }, { bakeSeconds: 600 }] };
    first = (await operator.post('/deployments', deploymentRequest({ strategy })).expect(201)).body;
    second = (await operator.post('/deployments', deploymentRequest({ strategy, supersede: true })).expect(201)).body;
    // The engine writes the first wave of the second deployment; wait until it has, so nothing changes under the assertions.
    await eventually(async () => {
      const { body } = await viewer.get(`/deployments/${second.id}`).expect(200);
      return body.waves[0].state === 'applying' && body.waves[0].devices.every((device: WaveDevice) => device.status !== 'pending') ? true : undefined;
    }, 'first wave of the second deployment written', 20_000);
  }, 120_000);
  afterAll(async () => {
    await compiler?.stop();
    await controller?.close();
  });

  it('lists them newest first with the device\'s own wave, variant and status in each', async () => {
    const { body } = await viewer.get(`/devices/${ids['cpu-1']}/deployments`).expect(200);

    expect(body.map((entry: { deploymentId: string }) => entry.deploymentId)).toEqual([second.id, first.id]);
    for (const [entry, deployment, state] of [[body[0], second, 'running'], [body[1], first, 'superseded']] as const) {
      const shown = await entryOf(deployment.id, ids['cpu-1']);
      expect(entry).toEqual({
        deploymentId: deployment.id,
        model: { name: 'text-direction', version: 1 },
        deploymentState: state,
        status: shown.status,
        statusReason: shown.statusReason,
        skipReason: null,
        waveIndex: shown.waveIndex,
        variantId: cpuVariant,
        createdAt: deployment.createdAt,
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    }
  });

  it('puts the devices of the running wave at `applying` and those of the next one at `pending`', async () => {
    const latest = async (name: string) => (await viewer.get(`/devices/${ids[name]}/deployments`).expect(200)).body[0];
    const entries = [await latest('cpu-1'), await latest('cpu-2')].sort((a, b) => a.waveIndex - b.waveIndex);

    expect(entries.map(({ waveIndex, status }) => [waveIndex, status])).toEqual([[0, 'applying'], [1, 'pending']]);
  });

  it('shows a skipped device with the reason, and a device in no deployment with an empty list', async () => {
    const skipped = (await viewer.get(`/devices/${ids['fpga-1']}/deployments`).expect(200)).body;
    expect(skipped).toHaveLength(2);
    expect(skipped[0]).toMatchObject({
      deploymentId: second.id,
      status: 'skipped',
      skipReason: 'no accepted variant for profile fpga or its class fpga',
      variantId: null,
    });

    expect((await viewer.get(`/devices/${ids.bystander}/deployments`).expect(200)).body).toEqual([]);
  });

  it('returns at most `limit` entries, the newest', async () => {
    const { body } = await viewer.get(`/devices/${ids['cpu-1']}/deployments?limit=1`).expect(200);
    expect(body.map((entry: { deploymentId: string }) => entry.deploymentId)).toEqual([second.id]);
  });

  it('answers 404 for an unknown device and 400 for a bad limit', async () => {
    const unknown = await viewer.get('/devices/0190d1a6-0000-7000-8000-000000000000/deployments').expect(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.body.code).toBe('device.not_found');

    for (const [limit, problem] of [['0', 'limit must not be less than 1'], ['101', 'limit must not be greater than 100'], ['ten', 'limit must be an integer']]) {
      const bad = await viewer.get(`/devices/${ids['cpu-1']}/deployments?limit=${limit}`).expect(400);
      expect(bad.body.errors).toEqual([{ field: 'limit', problems: expect.arrayContaining([problem]) }]);
    }
    await viewer.get(`/devices/${ids['cpu-1']}/deployments?limit=100`).expect(200);
  });
});
