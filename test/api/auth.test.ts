import request from 'supertest';
import { startController, TestController } from '../support/controller';
import { Api, api, keyWithRole } from '../support/http';

describe('authentication and roles', () => {
  let controller: TestController;
  let admin: Api;
  let operator: Api;
  let viewer: Api;

  beforeAll(async () => {
    controller = await startController();
    admin = api(controller, controller.adminToken);
    operator = api(controller, await keyWithRole(admin, 'operator'));
    viewer = api(controller, await keyWithRole(admin, 'viewer'));
  });
  afterAll(() => controller.close());

  it('answers 401 without a key and with an unknown key, telling how to authenticate', async () => {
    const missing = await request(controller.url).get('/api/v1/devices').expect(401);
    expect(missing.body.code).toBe('auth.missing_key');
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="edgeplane"');

    const unknown = await api(controller, 'epk_not-a-real-key-000000000000000000000000').get('/devices').expect(401);
    expect(unknown.body.code).toBe('auth.invalid_key');
  });

  it('lets a viewer read but not write (403, not 401)', async () => {
    await viewer.get('/devices').expect(200);
    await viewer.get('/hardware-profiles').expect(200);

    const write = await viewer.post('/devices', { name: 'by-viewer', hardwareProfile: 'cpu' }).expect(403);

    expect(write.body).toMatchObject({ code: 'auth.insufficient_role', requiredRole: 'operator', role: 'viewer' });
    const devices = await viewer.get('/devices').expect(200);
    expect(devices.body.items).toEqual([]);
  });

  it('lets an operator manage devices but not API keys or hardware profiles', async () => {
    await operator.post('/devices', { name: 'by-operator', hardwareProfile: 'cpu' }).expect(201);

    expect((await operator.get('/api-keys').expect(403)).body.code).toBe('auth.insufficient_role');
    await operator.post('/api-keys', { name: 'sneaky', role: 'admin' }).expect(403);
    await operator.post('/hardware-profiles', { name: 'my-gpu', class: 'gpu' }).expect(403);
    const keys = await admin.get('/api-keys').expect(200);
    expect(keys.body.map((key: { name: string }) => key.name)).not.toContain('sneaky');
  });

  it('shows a key token once, lists keys without secrets, and revokes them', async () => {
    const created = await admin.post('/api-keys', { name: 'ci-pipeline', role: 'operator' }).expect(201);
    expect(created.body.token).toMatch(/^epk_/);
    expect(created.body.prefix).toBe(created.body.token.slice(0, 10));
    const ci = api(controller, created.body.token);
    await ci.get('/devices').expect(200);

    const listed = await admin.get('/api-keys').expect(200);
    const entry = listed.body.find((key: { name: string }) => key.name === 'ci-pipeline');
    expect(entry).toMatchObject({ role: 'operator', revokedAt: null });
    expect(entry.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);

    const revoked = await admin.delete(`/api-keys/${created.body.id}`).expect(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await ci.get('/devices').expect(401)).body.code).toBe('auth.invalid_key');
  });

  it('refuses a duplicate key name and an unknown role', async () => {
    await admin.post('/api-keys', { name: 'twice', role: 'viewer' }).expect(201);

    expect((await admin.post('/api-keys', { name: 'twice', role: 'viewer' }).expect(409)).body.code).toBe(
      'api_key.name_taken',
    );
    const badRole = await admin.post('/api-keys', { name: 'thrice', role: 'root' }).expect(400);
    expect(badRole.body.errors).toEqual([
      { field: 'role', problems: ['role must be one of: admin, operator, viewer'] },
    ]);
  });

  it('never revokes the last active admin key', async () => {
    const keys = await admin.get('/api-keys').expect(200);
    const bootstrap = keys.body.find((key: { name: string }) => key.name === 'bootstrap-admin');

    const refused = await admin.delete(`/api-keys/${bootstrap.id}`).expect(409);
    expect(refused.body.code).toBe('api_key.last_admin');

    const second = api(controller, await keyWithRole(admin, 'admin', 'second-admin'));
    await second.delete(`/api-keys/${bootstrap.id}`).expect(200);
    expect((await admin.get('/devices').expect(401)).body.code).toBe('auth.invalid_key');
  });
});
