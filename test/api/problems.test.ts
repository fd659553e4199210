import request from 'supertest';
import { startController, TestController } from '../support/controller';
import { Api, api } from '../support/http';

/** Every bad request gets application/problem+json that says what was wrong, and writes nothing. */
describe('errors as problem details', () => {
  let controller: TestController;
  let operator: Api;

  beforeAll(async () => {
    controller = await startController({ EDGEPLANE_JSON_BODY_LIMIT: '4096' });
    operator = api(controller, controller.adminToken);
  });
  afterAll(() => controller.close());

  afterEach(async () => {
    const devices = await operator.get('/devices').expect(200);
    expect(devices.body.items).toEqual([]);
  });

  const expectProblem = (response: request.Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: `urn:edgeplane:problem:${code}`, status, code });
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
    expect(typeof response.body.detail).toBe('string');
  };

  it('names an unknown field', async () => {
    const response = await operator.post('/devices', { name: 'a', hardwareProfile: 'cpu', colour: 'red' });

    expectProblem(response, 400, 'request.invalid');
    expect(response.body.errors).toEqual([{ field: 'colour', problems: [expect.stringContaining('unknown field')] }]);
    expect(response.body.instance).toBe('/api/v1/devices');
  });

  it('names every field of the wrong type at once', async () => {
    const response = await operator.post('/devices', { name: 42, hardwareProfile: ['cpu'] });

    expectProblem(response, 400, 'request.invalid');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['name', 'hardwareProfile']);
  });

  it('explains a bad label key or value', async () => {
    const response = await operator.post('/devices', { name: 'a', hardwareProfile: 'cpu', labels: { '-site': 'x' } });

    expectProblem(response, 400, 'request.invalid');
    expect(response.body.detail).toContain('key "-site"');
    const badValue = await operator.post('/devices', { name: 'a', hardwareProfile: 'cpu', labels: { site: 7 } });
    expect(badValue.body.detail).toContain('"site": value must be a string');
  });

  it('refuses an oversized body with 413 and the limit', async () => {
    const labels = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`key-${i}`, 'v'.repeat(60)]));

    const response = await operator.post('/devices', { name: 'big', hardwareProfile: 'cpu', labels });

    expectProblem(response, 413, 'request.body_too_large');
    expect(response.body.detail).toContain('4096 bytes');
  });

  it('refuses malformed JSON', async () => {
    const response = await request(controller.url)
      .post('/api/v1/devices')
      .set('Authorization', `Bearer ${controller.adminToken}`)
      .set('Content-Type', 'application/json')
      .send('{"name": "a",');

    expectProblem(response, 400, 'request.malformed_json');
  });

  it('refuses a malformed id and an invalid name', async () => {
    const badId = await operator.get('/devices/not-a-uuid');
    expectProblem(badId, 400, 'request.invalid');
    expect(badId.body.errors).toEqual([{ field: 'id', problems: [expect.stringContaining('UUID')] }]);

    const badName = await operator.post('/devices', { name: 'Cam Berlin', hardwareProfile: 'cpu' });
    expectProblem(badName, 400, 'request.invalid');
    expect(badName.body.detail).toContain('name must be 1-63 lowercase letters');
  });

  it('answers unknown routes with 404 problem details', async () => {
    expectProblem(await operator.get('/nothing-here'), 404, 'route.not_found');
  });

  it('keeps a caller-supplied request id', async () => {
    const response = await operator.get('/devices/not-a-uuid').set('X-Request-Id', 'trace-abc-123');

    expect(response.headers['x-request-id']).toBe('trace-abc-123');
    expect(response.body.requestId).toBe('trace-abc-123');
  });
});
