import request from 'supertest';
import { startController, TestController } from '../support/controller';

describe('health, readiness and API documents', () => {
  let controller: TestController;

  beforeAll(async () => {
    controller = await startController();
  });
  afterAll(() => controller.close());

  it('reports liveness without a key', async () => {
    const response = await request(controller.url).get('/api/v1/health').expect(200);

    expect(response.body.status).toBe('ok');
  });

  it('is ready when PostgreSQL, Redis and the broker answer', async () => {
    // The MQTT session connects asynchronously after start-up.
    let response = await request(controller.url).get('/api/v1/ready');
    for (let i = 0; i < 50 && response.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      response = await request(controller.url).get('/api/v1/ready');
    }

    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ready');
    expect(Object.keys(response.body.checks).sort()).toEqual(['mqtt', 'mqtt-ingest', 'postgres', 'redis']);
  });

  it('serves the OpenAPI document and interactive docs', async () => {
    const document = await request(controller.url).get('/api/openapi.json').expect(200);

    expect(document.body.openapi).toMatch(/^3\./);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/devices', '/api/v1/devices/{id}', '/api/v1/hardware-profiles', '/api/v1/api-keys']),
    );
    expect(document.body.components.schemas.ProvisionDeviceDto.required).toEqual(['name', 'hardwareProfile']);
    const docs = await request(controller.url).get('/api/docs').redirects(1).expect(200);
    expect(docs.text).toContain('swagger-ui');
  });
});

describe('readiness with a dependency down', () => {
  let controller: TestController;

  beforeAll(async () => {
    // Nothing listens on port 1: Redis is unreachable while PostgreSQL and the broker are fine.
    controller = await startController({ REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(() => controller.close());

  it('answers 503 and says which dependency is down', async () => {
    const response = await request(controller.url).get('/api/v1/ready').expect(503);

    expect(response.body.status).toBe('unavailable');
    expect(response.body.checks.redis.status).toBe('down');
    expect(response.body.checks.postgres.status).toBe('up');
  });
});
