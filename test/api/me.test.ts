import request from 'supertest';
import { startController, TestController } from '../support/controller';
import { Api, api } from '../support/http';

/** GET /me: the console asks it after login which key it holds, to know which actions to offer. */
describe('who am I', () => {
  let controller: TestController;
  let admin: Api;

  beforeAll(async () => {
    controller = await startController();
    admin = api(controller, controller.adminToken);
  });
  afterAll(() => controller.close());

  it.each(['viewer', 'operator', 'admin'] as const)('tells a %s key its own id, name and role', async (role) => {
    const created = (await admin.post('/api-keys', { name: `console-${role}`, role }).expect(201)).body;

    const me = await api(controller, created.token).get('/me').expect(200);

    expect(me.body).toEqual({ kind: 'api_key', id: created.id, name: `console-${role}`, role });
  });

  it('answers 401 without a key and with a revoked one', async () => {
    const missing = await request(controller.url).get('/api/v1/me').expect(401);
    expect(missing.body.code).toBe('auth.missing_key');
    const created = (await admin.post('/api-keys', { name: 'soon-revoked', role: 'operator' }).expect(201)).body;
    await api(controller, created.token).get('/me').expect(200);

    await admin.delete(`/api-keys/${created.id}`).expect(200);

    const revoked = await api(controller, created.token).get('/me').expect(401);
    expect(revoked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(revoked.body.code).toBe('auth.invalid_key');
  });

  it('is a read: the audit log does not record it', async () => {
    await admin.get('/me').expect(200);

    const events = (await admin.get('/audit-events?limit=200').expect(200)).body.items as { route: string }[];
    expect(events.length).toBeGreaterThan(0); // the key creations above are there
    expect(events.filter((event) => event.route.includes('/me'))).toEqual([]);
  });
});
