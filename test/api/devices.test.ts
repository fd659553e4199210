import { startController, TestController } from '../support/controller';
import { Api, api } from '../support/http';

describe('devices', () => {
  let controller: TestController;
  let operator: Api;

  beforeAll(async () => {
    controller = await startController();
    operator = api(controller, controller.adminToken);
  });
  afterAll(() => controller.close());

  const provision = (name: string, extra: object = {}) =>
    operator.post('/devices', { name, hardwareProfile: 'cpu', ...extra });

  it('provisions a device and returns it with credentials once', async () => {
    const response = await provision('cam-berlin-001', { labels: { site: 'berlin', tier: 'canary' } }).expect(201);

    const { device, credentials } = response.body;
    expect(device).toMatchObject({
      name: 'cam-berlin-001',
      hardwareProfile: 'cpu',
      labels: { site: 'berlin', tier: 'canary' },
      status: 'provisioned',
      lastSeenAt: null,
      agentVersion: null,
      capabilities: null,
      decommissionedAt: null,
    });
    expect(credentials.username).toBe(device.id);
    expect(credentials.secret).toMatch(/^epd_[A-Za-z0-9_-]{43}$/);

    const fetched = await operator.get(`/devices/${device.id}`).expect(200);
    expect(fetched.body).toEqual(device);
    expect(JSON.stringify(fetched.body)).not.toContain(credentials.secret);
  });

  it('refuses a second device with the same name and writes nothing', async () => {
    await provision('dup-name').expect(201);

    const response = await provision('dup-name', { labels: { extra: 'yes' } }).expect(409);

    expect(response.body.code).toBe('device.name_taken');
    const list = await operator.get('/devices?selector=extra').expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('refuses an unknown hardware profile and names the known ones', async () => {
    const response = await provision('ghost', { hardwareProfile: 'quantum' }).expect(404);

    expect(response.body.code).toBe('hardware_profile.not_found');
    expect(response.body.detail).toContain('Known profiles: asic, cpu, fpga, gpu.');
    const listed = await operator.get('/devices').expect(200);
    expect(listed.body.items.map((d: { name: string }) => d.name)).not.toContain('ghost');
  });

  it('merges label changes, renames and moves a device to another profile', async () => {
    const { body } = await provision('cam-munich-001', { labels: { site: 'munich', legacy: 'true' } }).expect(201);

    const patched = await operator
      .patch(`/devices/${body.device.id}`, {
        name: 'cam-munich-002',
        hardwareProfile: 'gpu',
        labels: { tier: 'prod', legacy: null, site: 'muenchen' },
      })
      .expect(200);

    expect(patched.body).toMatchObject({
      name: 'cam-munich-002',
      hardwareProfile: 'gpu',
      labels: { site: 'muenchen', tier: 'prod' },
    });
    expect(patched.body.labels).not.toHaveProperty('legacy');
    expect(Date.parse(patched.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(body.device.updatedAt));
  });

  it('answers 404 for a device that does not exist', async () => {
    const response = await operator.get('/devices/0190d1a6-0000-7000-8000-000000000000').expect(404);

    expect(response.body.code).toBe('device.not_found');
  });

  it('decommissions a device, keeps it readable and makes it read-only', async () => {
    const { body } = await provision('cam-retired').expect(201);

    const decommissioned = await operator.post(`/devices/${body.device.id}/decommission`).expect(200);

    expect(decommissioned.body.status).toBe('decommissioned');
    expect(decommissioned.body.decommissionedAt).not.toBeNull();
    const again = await operator.post(`/devices/${body.device.id}/decommission`).expect(200);
    expect(again.body.decommissionedAt).toBe(decommissioned.body.decommissionedAt);
    const patch = await operator.patch(`/devices/${body.device.id}`, { labels: { a: 'b' } }).expect(409);
    expect(patch.body.code).toBe('device.decommissioned');
    const listed = await operator.get('/devices?status=decommissioned').expect(200);
    expect(listed.body.items.map((d: { name: string }) => d.name)).toEqual(['cam-retired']);
  });
});
