import { request as httpRequest } from 'node:http';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Client } from 'pg';
import request from 'supertest';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { startController, TestController } from '../support/controller';
import { deploymentRequest } from '../support/deployments';
import { Api, api, sendRaw } from '../support/http';
import { hostileRuns, preview, RawText } from './hostile-runs';

/** Every table a route of the API writes; their row counts must not move when a request is refused. */
const TABLES = [
  'hardware_profiles', 'devices', 'device_labels', 'device_credentials', 'api_keys', 'models', 'model_versions', 'model_variants',
  'desired_revisions', 'assignment_states', 'deployments', 'deployment_waves', 'deployment_devices', 'deployment_events',
];

/** Keys that reach into an object's prototype when code copies properties carelessly. */
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * Hostile JSON values: anything JSON can hold, very long strings, deep nesting, numbers JSON writes
 * but JavaScript cannot hold exactly, and objects whose keys reach for the prototype.
 */
const hostileValue: fc.Arbitrary<string> = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.constantFrom('"' + 'x'.repeat(200_000) + '"', '1e999', '-0', '123456789012345678901234567890', 'null', '""', '[]', '{}', 'true', '"\\u0000"', '"\\ud800"', '["a\\u0000b"]', '{"k\\u0000":"v"}', '{"site":"a\\u0000b"}'),
  fc.integer({ min: 100, max: 5_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.integer({ min: 100, max: 2_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.tuple(fc.constantFrom(...POLLUTING_KEYS), fc.json({ maxDepth: 2 })).map(([key, value]) => `{"${key}":{"polluted":${value},"isAdmin":true}}`),
);

/** A valid body with one field (one of its own, a polluting key or any other) set to a hostile value, as raw JSON text. */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const field = fc.oneof(fc.constantFrom(...Object.keys(valid), ...POLLUTING_KEYS), fc.string({ maxLength: 20 }));
  return fc.tuple(field, hostileValue).map(([key, value]) => {
    const others = Object.entries(valid).filter(([name]) => name !== key).map(([name, v]) => `${JSON.stringify(name)}:${JSON.stringify(v)}`);
    return `{${[...others, `${JSON.stringify(key)}:${value}`].join(',')}}`;
  });
}

/** Any body at all: a hostile value on its own, or a valid body with one hostile field. */
const hostileBody = (valid: Record<string, unknown>) =>
  fc.oneof(hostileValue, mutated(valid), fc.anything().map((value) => String(JSON.stringify(value) ?? ''))).map((text) => new RawText(text));

describe('hostile REST requests', () => {
  let controller: TestController;
  let operator: Api;
  let database: Client;
  let deviceId: string;

  beforeAll(async () => {
    controller = await startController();
    operator = api(controller, controller.adminToken);
    database = new Client({ connectionString: controller.config.DATABASE_URL });
    await database.connect();
    await sendRaw(controller, '/models/text-direction/versions', await readFile(REAL_MODEL_FILES.cls)).expect(201);
    const device = await operator.post('/devices', { name: 'target-1', hardwareProfile: 'cpu', labels: { site: 'berlin' } }).expect(201);
    deviceId = device.body.device.id;
    await operator.post('/hardware-profiles', { name: 'edge-npu', class: 'asic' }).expect(201);
  });
  afterAll(async () => {
    await database?.end();
    await controller?.close();
  });

  const rowCounts = async () => {
    const { rows } = await database.query<Record<string, string>>(`SELECT ${TABLES.map((table) => `(SELECT count(*) FROM ${table}) AS ${table}`).join(', ')}`);
    return rows[0];
  };

  const send = (method: 'post' | 'put' | 'patch', path: string, body: string) =>
    request(controller.url)[method](`/api/v1${path}`).set('Authorization', `Bearer ${controller.adminToken}`).set('Content-Type', 'application/json').send(body);

  /** The outcome every hostile request must have: a 4xx problem that says what was wrong, or a success. Never a 500. */
  const expectClearOutcome = (response: request.Response, what: string) => {
    const summary = `${what} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
    expect([summary, response.status < 500]).toEqual([summary, true]);
    if (response.status < 400) return;
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: response.status, code: expect.any(String), detail: expect.stringMatching(/\S{3}/) });
  };

  const routes: [string, 'post' | 'put' | 'patch', () => string, () => Record<string, unknown>][] = [
    ['provision a device', 'post', () => '/devices', () => ({ name: 'cam-1', hardwareProfile: 'cpu', labels: { site: 'berlin' } })],
    ['change a device', 'patch', () => `/devices/${deviceId}`, () => ({ name: 'target-1', labels: { tier: null } })],
    ['add a hardware profile', 'post', () => '/hardware-profiles', () => ({ name: 'jetson', class: 'gpu', maxModelBytes: 1_000_000, description: 'Orin' })],
    ['change a hardware profile', 'patch', () => '/hardware-profiles/edge-npu', () => ({ description: 'NPU board', maxModelBytes: 5_000_000 })],
    ['create an API key', 'post', () => '/api-keys', () => ({ name: 'ci', role: 'viewer' })],
    ['set the desired state', 'put', () => `/devices/${deviceId}/desired`, () => ({ assignments: [{ variantId: '0190d1a6-0000-7000-8000-000000000000', runtime: { intraOpThreads: 2 } }] })],
    ['start a deployment', 'post', () => '/deployments', () => deploymentRequest()],
    ['compile a version', 'post', () => '/models/text-direction/versions/1/compile', () => ({ profiles: ['cpu'], options: { pruneSparsity: 0.5, keepInFloat: ['x'] } })],
  ];

  it.each(routes)('%s: any body is refused with a problem that says why, writing nothing, or accepted', async (what, method, path, valid) => {
    await fc.assert(
      fc.asyncProperty(hostileBody(valid()), async ({ text }) => {
        const before = await rowCounts();

        const response = await send(method, path(), text);

        expectClearOutcome(response, `${method.toUpperCase()} ${path()} ${preview(text)}`);
        if (response.status >= 400) expect(await rowCounts()).toEqual(before);
        expect(Object.prototype).not.toHaveProperty('polluted'); // the controller runs in this process
        expect(Object.prototype).not.toHaveProperty('isAdmin');
      }),
      hostileRuns(60),
    );
    await request(controller.url).get('/api/v1/health').expect(200);
  });

  it.each(routes)('%s: a NUL character in any string of a valid body is refused, not passed to PostgreSQL', async (what, method, path, valid) => {
    for (const body of withNulInEachString(valid())) {
      const before = await rowCounts();

      const response = await send(method, path(), JSON.stringify(body));

      expectClearOutcome(response, `${method.toUpperCase()} ${path()} ${JSON.stringify(body)}`);
      expect(await rowCounts()).toEqual(before);
    }
  });

  /** Values of every JSON type, and the edges of each; the last one has `__proto__` as an own key, as JSON.parse makes it. */
  const WRONG_VALUES: unknown[] = [null, 0, -1, 1.5, 1e308, '', 'x'.repeat(10_000), true, [], [null], {}, JSON.parse('{"__proto__":{"isAdmin":true},"constructor":1}')];

  it.each(routes)('%s: any field of a valid body set to a value of another type is refused or accepted, never a 500', async (what, method, path, valid) => {
    for (const replacement of WRONG_VALUES) {
      for (const body of withEachFieldAs(valid(), replacement)) {
        const before = await rowCounts();

        const response = await send(method, path(), JSON.stringify(body));

        expectClearOutcome(response, `${method.toUpperCase()} ${path()} ${preview(JSON.stringify(body))}`);
        if (response.status >= 400) expect(await rowCounts()).toEqual(before);
      }
    }
  });

  /** Query strings with the route's own parameters and others, values of any kind, arrays and nested objects as qs writes them. */
  const hostileQuery = (parameters: string[], values: fc.Arbitrary<string>[] = []) => {
    // Mostly the route's own parameters, so that their values are what gets tested, not the unknown-key check.
    const key = fc.oneof({ arbitrary: fc.constantFrom(...parameters), weight: 4 }, { arbitrary: fc.string({ maxLength: 10 }), weight: 1 });
    const value = fc.oneof(fc.string({ maxLength: 50 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('', '-1', '0', '1e999', 'NaN', '9'.repeat(400), '%', '%zz', 'a%00b', 'x'.repeat(5_000)), ...values);
    const suffix = fc.oneof({ arbitrary: fc.constant(''), weight: 4 }, { arbitrary: fc.constantFrom('[]', '[$ne]', '[0]', '[__proto__]'), weight: 1 });
    const pair = fc.tuple(key, suffix, value).map(
      ([name, suffix, v]) => `${encodeURIComponent(name)}${suffix}=${v.startsWith('%') ? v : encodeURIComponent(v)}`,
    );
    return fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => pairs.join('&'));
  };
  const isoTime = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString());

  it.each([
    ['list devices', () => '/devices', hostileQuery(['selector', 'status', 'hardwareProfile', 'sort', 'order', 'limit', 'cursor'], [fc.constantFrom('site in (', 'a=b,!c,d notin (e)', 'eyJ4IjoxfQ', '!!!', 'x'.repeat(400))])],
    ['device telemetry', () => `/devices/${deviceId}/telemetry`, hostileQuery(['from', 'to', 'bucket'], [isoTime, fc.constantFrom('1m', '1d', '2026-02-30T00:00:00Z')])],
    ['telemetry messages', () => `/devices/${deviceId}/telemetry/messages`, hostileQuery(['from', 'to'], [isoTime])],
    ['variant latency', () => '/variants/0190d1a6-0000-7000-8000-000000000000/latency', hostileQuery(['from', 'to'], [isoTime])],
    ['list deployments', () => '/deployments', hostileQuery(['limit', 'cursor'])],
    ['fleet availability', () => '/fleet/availability', hostileQuery(['from', 'to', 'bucket'], [isoTime, fc.constantFrom('15m', 'PT15M', 'P1DT', '999999999999', '1e3', '0x10')])],
    ["a device's deployments", () => `/devices/${deviceId}/deployments`, hostileQuery(['limit'])],
  ])('%s: any query string is answered or refused with a problem that says why', async (what, path, query) => {
    await fc.assert(
      fc.asyncProperty(query, async (queryString) => {
        const before = await rowCounts();

        const response = await operator.get(`${path()}?${queryString}`);

        expectClearOutcome(response, `GET ${path()}?${preview(queryString)}`);
        expect(await rowCounts()).toEqual(before);
        expect(Object.prototype).not.toHaveProperty('$ne');
      }),
      hostileRuns(60),
    );
    await request(controller.url).get('/api/v1/health').expect(200);
  });

  it.each([
    ['/devices', ['selector', 'status', 'hardwareProfile', 'sort', 'order', 'limit', 'cursor']],
    ['/deployments', ['limit', 'cursor']],
    ['/devices/{device}/telemetry', ['from', 'to', 'bucket']],
    ['/fleet/availability', ['from', 'to', 'bucket']],
  ])('GET %s: a NUL character in any parameter is refused, not passed to PostgreSQL', async (path, parameters) => {
    for (const parameter of parameters) {
      const response = await operator.get(`${path.replace('{device}', deviceId)}?${parameter}=a%00b`);

      expectClearOutcome(response, `GET ${path}?${parameter}=a%00b`);
      expect(response.status).toBe(400);
    }
  });

  it.each(['/hardware-profiles/a%00b', '/models/a%00b/versions', '/devices/a%00b', '/api-keys/a%00b'])('GET %s: a NUL character in the path is refused', async (path) => {
    const response = await operator.get(path);

    expectClearOutcome(response, `GET ${path}`);
    expect(response.status).toBe(400);
  });

  it('refuses a compressed body that inflates past the limit (a gzip bomb), bodies in other charsets and unknown encodings', async () => {
    // Plain node:http: supertest would serialise a Buffer sent as JSON instead of sending its bytes.
    const post = (headers: Record<string, string>, body: Buffer) =>
      new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
        const sent = httpRequest(`${controller.url}/api/v1/devices`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${controller.adminToken}` } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }));
        });
        sent.on('error', reject);
        sent.end(body);
      });
    const before = await rowCounts();
    const bomb = gzipSync(Buffer.from(`{"name":"bomb","hardwareProfile":"cpu","labels":{"a":"${' '.repeat(64 * 1024 * 1024)}"}}`));

    const inflated = await post({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, bomb);
    const charset = await post({ 'Content-Type': 'application/json; charset=latin1' }, Buffer.from('{"name":"x"}'));
    const encoding = await post({ 'Content-Type': 'application/json', 'Content-Encoding': 'zstd-from-mars' }, Buffer.from('{}'));

    expect(bomb.length).toBeLessThan(100 * 1024);
    expect([inflated.status, inflated.body.code]).toEqual([413, 'request.body_too_large']);
    for (const response of [charset, encoding]) {
      expect(response.body).toMatchObject({ status: 400, code: 'request.unsupported_encoding', detail: expect.stringMatching(/send UTF-8 JSON/) });
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses forged cursors, whatever they hold, with a problem; never a 500', async () => {
    const id = '0190d1a6-0000-7000-8000-000000000000';
    const forged = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    const cursors = [
      forged(['name', 'asc', 'a\u0000b', id]),
      forged(['createdAt', 'asc', '0000-01-01T00:00:00Z', id]),
      forged(['createdAt', 'asc', '+275760-09-13T00:00:00.000Z', id]),
      forged(['createdAt', 'desc', '2026-02-30', id]),
      forged(['name', 'asc', 'x'.repeat(300), id]),
      forged(['name', 'asc', 'a', id.toUpperCase()]),
      forged({ sort: 'name' }),
    ];
    for (const cursor of cursors) {
      for (const query of ['sort=name&order=asc', 'sort=name&order=desc', 'sort=createdAt&order=asc', 'sort=createdAt&order=desc']) {
        const response = await operator.get(`/devices?${query}&cursor=${cursor}`);

        expectClearOutcome(response, `GET /devices?${query} with cursor ${Buffer.from(cursor, 'base64url').toString()}`);
        if (response.status >= 400) expect(response.body.code).toBe('pagination.invalid_cursor');
      }
    }
  });

  it('refuses the widest telemetry range instead of building billions of buckets', async () => {
    const response = await operator.get(`/devices/${deviceId}/telemetry?bucket=1m&from=1970-01-01T00:00:00Z&to=9999-12-31T00:00:00Z`);

    expectClearOutcome(response, 'widest range');
    expect(response.body).toMatchObject({ status: 400, code: 'telemetry.invalid_range', detail: expect.stringContaining('choose a wider bucket') });
  });
});

/** Copies of `value`, each with a NUL inserted into one of its strings (keys included). */
function withNulInEachString(value: unknown): unknown[] {
  if (typeof value === 'string') return [`${value.slice(0, 1)}\u0000${value.slice(1)}`];
  if (Array.isArray(value)) return value.flatMap((item, index) => withNulInEachString(item).map((changed) => value.map((other, at) => (at === index ? changed : other))));
  if (typeof value !== 'object' || value === null) return [];
  const entries = Object.entries(value);
  return entries.flatMap(([key, item], index) => [
    ...withNulInEachString(item).map((changed) => Object.fromEntries(entries.map(([k, v], at) => [k, at === index ? changed : v]))),
    Object.fromEntries(entries.map(([k, v], at) => [at === index ? `${k}\u0000` : k, v])),
  ]);
}

/** Copies of `value`, each with one of its fields or array items (at any depth) replaced by `replacement`. */
function withEachFieldAs(value: unknown, replacement: unknown): unknown[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => [replacement, ...withEachFieldAs(item, replacement)].map((changed) => value.map((other, at) => (at === index ? changed : other))));
  }
  if (typeof value !== 'object' || value === null) return [];
  const entries = Object.entries(value);
  return entries.flatMap(([, item], index) =>
    [replacement, ...withEachFieldAs(item, replacement)].map((changed) => Object.fromEntries(entries.map(([k, v], at) => [k, at === index ? changed : v]))),
  );
}
