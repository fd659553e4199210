import { startController, TestController } from '../support/controller';
import { api, keyWithRole } from '../support/http';

describe('GET /me', () => {
  let controller: TestController;

  beforeAll(async () => {
    controller = await startController();
  });
  afterAll(() => controller?.close());

  it.each(['admin', 'operator', 'viewer'] as const)('tells the caller its own key id, name and role (%s)', async (role) => {
    const admin = api(controller, controller.adminToken);
    const token = role === 'admin' ? await keyWithRole(admin, 'admin', 'second-admin') : await keyWithRole(admin, role, `${role}-me`);
    const keys = (await admin.get('/api-keys').expect(200)).body as Array<{ id: string; name: string; prefix: string }>;
    const own = keys.find((key) => token.startsWith(key.prefix) && key.name === (role === 'admin' ? 'second-admin' : `${role}-me`));

    const me = await api(controller, token).get('/me').expect(200);
    expect(me.body).toEqual({ kind: 'api_key', id: own?.id, name: own?.name, role });
  });

  it('refuses a missing or revoked key with 401', async () => {
    await api(controller, '').get('/me').expect(401);
    const admin = api(controller, controller.adminToken);
    const token = await keyWithRole(admin, 'viewer', 'soon-revoked');
    const { id } = (await api(controller, token).get('/me').expect(200)).body as { id: string };
    await admin.delete(`/api-keys/${id}`).expect(200);
    await api(controller, token).get('/me').expect(401);
  });
});
