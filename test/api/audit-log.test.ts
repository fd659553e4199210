import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Client } from 'pg';
import request from 'supertest';
import { AuditRetentionService } from '@edgeplane/audit';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { startController, TestController } from '../support/controller';
import { Api, api, sendRaw } from '../support/http';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const WRITES = new Set<Method>(['post', 'put', 'patch', 'delete']);
const SOME_ID = '0190d1a6-0000-7000-8000-000000000000';

interface AuditEvent {
  id: string;
  at: string;
  actor: { kind: string; id: string | null; name: string | null; role: string | null };
  method: string;
  route: string;
  resource: Record<string, string>;
  summary: string;
  status: number;
  errorCode: string | null;
  clientIp: string;
  userAgent: string | null;
  requestId: string;
}

describe('audit log', () => {
  let controller: TestController;
  let admin: Api;
  let operatorKey: { id: string; name: string; token: string };
  let viewerKey: { id: string; name: string; token: string };

  beforeAll(async () => {
    controller = await startController();
    admin = api(controller, controller.adminToken);
    operatorKey = (await admin.post('/api-keys', { name: 'audited-operator', role: 'operator' }).expect(201)).body;
    viewerKey = (await admin.post('/api-keys', { name: 'audited-viewer', role: 'viewer' }).expect(201)).body;
  });
  afterAll(() => controller.close());

  /** Every audit event, newest first, walking all pages. */
  const allEvents = async (query = ''): Promise<AuditEvent[]> => {
    const events: AuditEvent[] = [];
    for (let cursor: string | null = null; ; ) {
      const page: request.Response = await admin.get(`/audit-events?limit=50${query}${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      events.push(...page.body.items);
      cursor = page.body.nextCursor;
      if (!cursor) return events;
    }
  };
  const eventsOf = async (requestId: string) => (await allEvents()).filter((event) => event.requestId === requestId);
  const send = (method: Method, path: string, token: string | undefined, requestId: string) => {
    const test = request(controller.url)[method](`/api/v1${path}`).set('X-Request-Id', requestId).set('User-Agent', 'audit-test/1');
    return (token ? test.set('Authorization', `Bearer ${token}`) : test).send({});
  };

  it('records every write route once, with who, what, the outcome, the address and the request id', async () => {
    const document = await request(controller.url).get('/api/openapi.json').expect(200);
    const writes = Object.entries(document.body.paths as Record<string, object>).flatMap(([path, operations]) =>
      (Object.keys(operations) as Method[]).filter((method) => WRITES.has(method)).map((method) => ({ method, path })),
    );
    expect(writes.length).toBeGreaterThanOrEqual(15);

    const sent = [];
    for (const route of writes) {
      const requestId = `walk-${randomUUID()}`;
      const path = route.path.replace('/api/v1', '').replace('{id}', SOME_ID).replace('{name}', 'no-such').replace('{version}', '1');
      const response = await send(route.method, path, operatorKey.token, requestId);
      sent.push({ route, requestId, status: response.status, code: response.body?.code ?? null });
    }

    const events = await allEvents();
    for (const { route, requestId, status, code } of sent) {
      const recorded = events.filter((event) => event.requestId === requestId);
      const params = Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, name === 'id' ? SOME_ID : name === 'name' ? 'no-such' : '1']));
      expect({ route, recorded }).toEqual({
        route,
        recorded: [
          expect.objectContaining({
            actor: { kind: 'api_key', id: operatorKey.id, name: 'audited-operator', role: 'operator' },
            method: route.method.toUpperCase(),
            route: route.path.replace(/\{(\w+)\}/g, ':$1'),
            resource: params,
            status,
            errorCode: status >= 400 ? code : null,
            clientIp: '127.0.0.1',
            userAgent: 'audit-test/1',
          }),
        ],
      });
      expect(recorded[0].summary.length).toBeGreaterThan(0);
    }
  });

  it('records a successful write with the resource it acted on', async () => {
    const device = (await admin.post('/devices', { name: 'audited-cam', hardwareProfile: 'cpu' }).expect(201)).body.device;
    const requestId = `patch-${randomUUID()}`;
    await admin.patch(`/devices/${device.id}`, { labels: { site: 'berlin' } }).set('X-Request-Id', requestId).expect(200);

    const [event] = await eventsOf(requestId);
    expect(event).toMatchObject({
      actor: { kind: 'api_key', role: 'admin' },
      method: 'PATCH',
      route: '/api/v1/devices/:id',
      resource: { id: device.id },
      status: 200,
      errorCode: null,
    });
    expect(Date.parse(event.at)).not.toBeNaN();
    const byResource = await allEvents(`&resource=${device.id}`);
    expect(byResource.map((e) => e.requestId)).toEqual([requestId]);
  });

  it('records refused attempts: a viewer writing, a viewer downloading a model, a caller without a key', async () => {
    const forbidden = `forbidden-${randomUUID()}`;
    await send('post', '/devices', viewerKey.token, forbidden).expect(403);
    const download = `download-${randomUUID()}`;
    await send('get', '/models/no-such/versions/1/file', viewerKey.token, download).expect(403);
    const anonymous = `anonymous-${randomUUID()}`;
    await send('delete', `/api-keys/${operatorKey.id}`, 'epk_not-a-real-key-at-all-0000000000000', anonymous).expect(401);

    expect(await eventsOf(forbidden)).toEqual([
      expect.objectContaining({
        actor: { kind: 'api_key', id: viewerKey.id, name: 'audited-viewer', role: 'viewer' },
        route: '/api/v1/devices',
        status: 403,
        errorCode: 'auth.insufficient_role',
      }),
    ]);
    expect(await eventsOf(download)).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ id: viewerKey.id }),
        method: 'GET',
        route: '/api/v1/models/:name/versions/:version/file',
        resource: { name: 'no-such', version: '1' },
        status: 403,
        summary: expect.stringContaining('Download'),
      }),
    ]);
    expect(await eventsOf(anonymous)).toEqual([
      expect.objectContaining({
        actor: { kind: 'anonymous', id: null, name: null, role: null },
        method: 'DELETE',
        route: '/api/v1/api-keys/:id',
        resource: { id: operatorKey.id },
        status: 401,
        errorCode: 'auth.invalid_key',
      }),
    ]);
  });

  it('records writes refused before they reached a route: an unreadable body, an unknown path', async () => {
    const malformed = `malformed-${randomUUID()}`;
    await request(controller.url)
      .post('/api/v1/devices')
      .set('Authorization', `Bearer ${operatorKey.token}`)
      .set('Content-Type', 'application/json')
      .set('X-Request-Id', malformed)
      .send('{"name": ')
      .expect(400);
    const unknown = `unknown-${randomUUID()}`;
    await send('delete', '/no-such-thing/42', operatorKey.token, unknown).expect(404);

    expect(await eventsOf(malformed)).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ kind: 'anonymous' }), route: '/api/v1/devices', status: 400, errorCode: 'request.malformed_json' }),
    ]);
    expect(await eventsOf(unknown)).toEqual([
      expect.objectContaining({ method: 'DELETE', route: '/api/v1/no-such-thing/42', resource: {}, status: 404, errorCode: 'route.not_found' }),
    ]);
  });

  it('records model downloads but not other reads', async () => {
    await sendRaw(controller, '/models/audited-model/versions', await readFile(REAL_MODEL_FILES.cls)).expect(201);
    const download = `download-${randomUUID()}`;
    const read = `read-${randomUUID()}`;
    await send('get', '/models/audited-model/versions/1/file', operatorKey.token, download).expect(200);
    await send('get', '/models/audited-model/versions/1', operatorKey.token, read).expect(200);

    expect(await eventsOf(download)).toEqual([expect.objectContaining({ status: 200, resource: { name: 'audited-model', version: '1' } })]);
    expect(await eventsOf(read)).toEqual([]);
  });

  it('keeps no secret: neither API key tokens nor device secrets appear in any audit row', async () => {
    const key = (await admin.post('/api-keys', { name: 'secret-holder', role: 'viewer' }).expect(201)).body;
    const provisioned = (await admin.post('/devices', { name: 'secret-cam', hardwareProfile: 'cpu' }).expect(201)).body;
    const reissued = (await admin.post(`/devices/${provisioned.device.id}/credentials`).expect(201)).body;
    const secrets = [controller.adminToken, operatorKey.token, viewerKey.token, key.token, provisioned.credentials.secret, reissued.secret ?? reissued.credentials?.secret];
    expect(secrets.every((secret) => typeof secret === 'string' && secret.length > 20)).toBe(true);

    const database = new Client({ connectionString: controller.config.DATABASE_URL });
    await database.connect();
    try {
      const { rows } = await database.query<{ row: string }>('SELECT row_to_json(a)::text AS row FROM audit_events a');
      expect(rows.length).toBeGreaterThan(10);
      const table = rows.map((r) => r.row).join('\n');
      for (const secret of secrets) expect(table).not.toContain(secret);
      // Append-only: the table itself refuses edits.
      await expect(database.query("UPDATE audit_events SET status = 200 WHERE status = 403")).rejects.toThrow(/append-only/);
    } finally {
      await database.end();
    }
  });

  it('filters by actor, route and time, and pages with a cursor', async () => {
    const byViewer = await allEvents(`&actor=${viewerKey.id}`);
    expect(byViewer.length).toBeGreaterThanOrEqual(2);
    expect(byViewer.every((event) => event.actor.id === viewerKey.id)).toBe(true);

    const creations = await allEvents(`&route=${encodeURIComponent('/api/v1/api-keys')}`);
    expect(creations.every((event) => event.route === '/api/v1/api-keys')).toBe(true);
    expect(creations.map((event) => event.actor.role)).toContain('admin');

    const all = await allEvents();
    const ids = all.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort().reverse()).toEqual(ids);
    const pageOfTwo = await admin.get('/audit-events?limit=2').expect(200);
    expect(pageOfTwo.body.items.map((e: AuditEvent) => e.id)).toEqual(ids.slice(0, 2));
    const next = await admin.get(`/audit-events?limit=2&cursor=${pageOfTwo.body.nextCursor}`).expect(200);
    expect(next.body.items.map((e: AuditEvent) => e.id)).toEqual(ids.slice(2, 4));

    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await admin.get(`/audit-events?from=${future}`).expect(200)).body.items).toEqual([]);
    const middle = all[Math.floor(all.length / 2)].at;
    const before = await allEvents(`&to=${encodeURIComponent(middle)}`);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((event) => event.at < middle)).toBe(true);
    await admin.get('/audit-events?from=yesterday').expect(400);
  });

  it('deletes events past the retention period and keeps the rest', async () => {
    const database = new Client({ connectionString: controller.config.DATABASE_URL });
    await database.connect();
    try {
      await database.query(
        `INSERT INTO audit_events (id, at, actor_kind, method, route, resource, resource_ids, summary, status, client_ip, request_id)
         VALUES ($1, now() - interval '401 days', 'anonymous', 'POST', '/api/v1/devices', '{}', '{}', 'old', 401, '127.0.0.1', 'ancient')`,
        [randomUUID()],
      );
      const before = Number((await database.query('SELECT count(*) FROM audit_events')).rows[0].count);

      await controller.app.get(AuditRetentionService).prune();

      const after = await database.query<{ request_id: string }>('SELECT request_id FROM audit_events');
      expect(after.rows.map((row) => row.request_id)).not.toContain('ancient');
      expect(after.rows.length).toBe(before - 1);
    } finally {
      await database.end();
    }
  });

  it('lets only admins read it', async () => {
    const response = await api(controller, operatorKey.token).get('/audit-events').expect(403);
    expect(response.body.code).toBe('auth.insufficient_role');
  });
});

describe('audit log behind a trusted proxy', () => {
  let controller: TestController;

  beforeAll(async () => {
    controller = await startController({ EDGEPLANE_TRUST_PROXY: 'loopback' });
  });
  afterAll(() => controller.close());

  it('records the client address the proxy forwarded', async () => {
    const requestId = `proxied-${randomUUID()}`;
    await request(controller.url)
      .post('/api/v1/devices')
      .set('X-Forwarded-For', '203.0.113.7')
      .set('X-Request-Id', requestId)
      .send({ name: 'proxied', hardwareProfile: 'cpu' })
      .expect(401);

    const events = (await api(controller, controller.adminToken).get('/audit-events').expect(200)).body.items as AuditEvent[];
    expect(events.find((event) => event.requestId === requestId)?.clientIp).toBe('203.0.113.7');
  });
});

describe('audit log without a trusted proxy', () => {
  let controller: TestController;

  beforeAll(async () => {
    controller = await startController();
  });
  afterAll(() => controller.close());

  it('ignores X-Forwarded-For, which any client can send', async () => {
    const requestId = `spoofed-${randomUUID()}`;
    await request(controller.url).post('/api/v1/devices').set('X-Forwarded-For', '203.0.113.7').set('X-Request-Id', requestId).send({}).expect(401);

    const events = (await api(controller, controller.adminToken).get('/audit-events').expect(200)).body.items as AuditEvent[];
    expect(events.find((event) => event.requestId === requestId)?.clientIp).toBe('127.0.0.1');
  });
});
