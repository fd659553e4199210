import { startController, TestController } from '../support/controller';
import { withDatabase } from '../support/deployments';
import { Api, api, keyWithRole } from '../support/http';

const zeros = { provisioned: 0, online: 0, offline: 0, decommissioned: 0 };

describe('fleet summary', () => {
  let controller: TestController;
  let admin: Api;
  let viewer: Api;

  beforeAll(async () => {
    controller = await startController();
    admin = api(controller, controller.adminToken);
    viewer = api(controller, await keyWithRole(admin, 'viewer'));
  });
  afterAll(() => controller.close());

  it('lists every status and every profile with zeros in an empty fleet', async () => {
    const { body } = await viewer.get('/fleet/summary').expect(200);

    expect(body).toEqual({
      total: 0,
      byStatus: zeros,
      byProfile: ['asic', 'cpu', 'fpga', 'gpu'].map((profile) => ({ profile, hardwareClass: profile, total: 0, byStatus: zeros })),
    });
  });

  it('counts devices by status and profile, decommissioned ones by status but not in the totals', async () => {
    await admin.post('/hardware-profiles', { name: 'jetson-orin', class: 'gpu' }).expect(201);
    await admin.post('/hardware-profiles', { name: 'a-unused-npu', class: 'asic' }).expect(201);
    const ids: Record<string, string> = {};
    for (const [name, profile] of [['cpu-1', 'cpu'], ['cpu-2', 'cpu'], ['cpu-3', 'cpu'], ['cpu-retired', 'cpu'], ['orin-1', 'jetson-orin'], ['gpu-1', 'gpu']]) {
      ids[name] = (await admin.post('/devices', { name, hardwareProfile: profile }).expect(201)).body.device.id;
    }
    await admin.post(`/devices/${ids['cpu-retired']}/decommission`).expect(200);
    // Presence is what the ingest path sets; its own tests cover that. Here only the counting matters.
    await withDatabase(controller, async (client) => {
      await client.query(`UPDATE devices SET status = 'online' WHERE id = ANY($1::uuid[])`, [[ids['cpu-1'], ids['orin-1']]]);
      await client.query(`UPDATE devices SET status = 'offline' WHERE id = $1`, [ids['cpu-2']]);
    });

    const { body } = await viewer.get('/fleet/summary').expect(200);

    expect(body.total).toBe(5);
    expect(body.byStatus).toEqual({ provisioned: 2, online: 2, offline: 1, decommissioned: 1 });
    expect(body.byProfile).toEqual([
      { profile: 'a-unused-npu', hardwareClass: 'asic', total: 0, byStatus: zeros },
      { profile: 'asic', hardwareClass: 'asic', total: 0, byStatus: zeros },
      { profile: 'cpu', hardwareClass: 'cpu', total: 3, byStatus: { provisioned: 1, online: 1, offline: 1, decommissioned: 1 } },
      { profile: 'fpga', hardwareClass: 'fpga', total: 0, byStatus: zeros },
      { profile: 'gpu', hardwareClass: 'gpu', total: 1, byStatus: { ...zeros, provisioned: 1 } },
      { profile: 'jetson-orin', hardwareClass: 'gpu', total: 1, byStatus: { ...zeros, online: 1 } },
    ]);
  });
});
