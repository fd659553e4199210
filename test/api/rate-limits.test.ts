import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ApiKeysService } from '@edgeplane/auth';
import { startController, TestController } from '../support/controller';
import { ControllerReplica, startReplicaOf } from '../support/controller-replica';
import { api } from '../support/http';

const PER_KEY = 5;
const PER_ANONYMOUS_IP = 3;
const PER_DEVICE = 2;

describe('rate limits', () => {
  let controller: TestController;
  let replica: ControllerReplica;

  beforeAll(async () => {
    controller = await startController({
      EDGEPLANE_RATE_LIMIT_PER_KEY: String(PER_KEY),
      EDGEPLANE_RATE_LIMIT_PER_ANONYMOUS_IP: String(PER_ANONYMOUS_IP),
      EDGEPLANE_RATE_LIMIT_PER_DEVICE: String(PER_DEVICE),
      // Long enough that no window ends during a test on a loaded machine.
      EDGEPLANE_RATE_LIMIT_WINDOW_SECONDS: '600',
    });
    replica = await startReplicaOf(controller);
  });
  afterAll(async () => {
    await replica?.close();
    await controller?.close();
  });

  // Keys straight from the service: creating them through the API would spend the admin key's small budget.
  let keys = 0;
  const freshKey = async (role: 'viewer' | 'operator' = 'viewer') => {
    keys += 1;
    return (await controller.app.get(ApiKeysService).create(`limited-${keys}`, role, null)).token;
  };

  it('answers 429 problem+json with Retry-After once a key is over its limit, and leaves other keys alone', async () => {
    const [busy, quiet] = [await freshKey(), await freshKey()];
    for (let i = 1; i <= PER_KEY; i += 1) {
      const response = await api(controller, busy).get('/devices').expect(200);
      expect(response.headers['ratelimit-limit']).toBe(String(PER_KEY));
      expect(response.headers['ratelimit-remaining']).toBe(String(PER_KEY - i));
      expect(response.headers['ratelimit-policy']).toBe(`${PER_KEY};w=600`);
    }

    const refused = await api(controller, busy).get('/devices').expect(429);

    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 429, code: 'rate_limit.exceeded', limit: PER_KEY, windowSeconds: 600 });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(refused.body.retryAfterSeconds).toBe(retryAfter);
    expect(refused.body.detail).toContain(`more than ${PER_KEY} requests in 600 s; retry after ${retryAfter} s`);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    await api(controller, quiet).get('/devices').expect(200);
  });

  it('counts one key on every replica together', async () => {
    const key = await freshKey();
    for (let i = 0; i < PER_KEY; i += 1) {
      await api(i % 2 === 0 ? controller : replica, key).get('/devices').expect(200);
    }

    await api(replica, key).get('/devices').expect(429);
    await api(controller, key).get('/devices').expect(429);
  });

  it('counts downloads per device, so one busy device does not hold back the fleet', async () => {
    const operator = api(controller, await freshKey('operator'));
    const provision = async (name: string) => {
      const { device, credentials } = (await operator.post('/devices', { name, hardwareProfile: 'cpu' }).expect(201)).body;
      return `Basic ${Buffer.from(`${device.id}:${credentials.secret}`).toString('base64')}`;
    };
    const [busy, other] = [await provision('busy-device'), await provision('other-device')];
    const download = (auth: string) => request(controller.url).get(`/api/v1/variants/${randomUUID()}/artifact`).set('Authorization', auth);

    for (let i = 0; i < PER_DEVICE; i += 1) {
      const response = await download(busy).expect(404);
      expect(response.headers['ratelimit-policy']).toBe(`${PER_DEVICE};w=600`);
    }
    const refused = await download(busy).expect(429);

    expect(refused.body.detail).toContain('Device ');
    await download(other).expect(404);
  });

  it('limits requests without valid credentials per address, so keys cannot be guessed fast', async () => {
    for (let i = 0; i < PER_ANONYMOUS_IP; i += 1) {
      await request(controller.url).get('/api/v1/devices').set('Authorization', `Bearer epk_guess${i}`).expect(401);
    }

    const refused = await request(controller.url).get('/api/v1/devices').set('Authorization', 'Bearer epk_guess-again').expect(429);
    expect(refused.body.code).toBe('rate_limit.exceeded');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('a rate-limit window', () => {
  let controller: TestController;

  beforeAll(async () => {
    controller = await startController({
      EDGEPLANE_RATE_LIMIT_PER_KEY: '2',
      EDGEPLANE_RATE_LIMIT_PER_ANONYMOUS_IP: '2',
      EDGEPLANE_RATE_LIMIT_WINDOW_SECONDS: '3',
    });
  });
  afterAll(() => controller.close());

  it('lets a key in again once the time Retry-After named has passed', async () => {
    const admin = api(controller, controller.adminToken);
    await admin.get('/devices').expect(200);
    await admin.get('/devices').expect(200);
    const refused = await admin.get('/devices').expect(429);

    await new Promise((resolve) => setTimeout(resolve, Number(refused.headers['retry-after']) * 1000 + 100));

    await admin.get('/devices').expect(200);
  });

  it('never limits the health and readiness probes, even for an address over its limit', async () => {
    const refused = async () => (await request(controller.url).get('/api/v1/devices')).status;
    expect([await refused(), await refused(), await refused()]).toEqual([401, 401, 429]);

    for (let i = 0; i < 5; i += 1) {
      const health = await request(controller.url).get('/api/v1/health').expect(200);
      expect(health.headers['ratelimit-limit']).toBeUndefined();
    }
    await request(controller.url).get('/api/v1/ready').expect(200);
  });
});
