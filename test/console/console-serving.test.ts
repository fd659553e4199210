import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startController, TestController } from '../support/controller';

describe('console: served by the controller at /console', () => {
  let controller: TestController;

  beforeAll(async () => {
    controller = await startController();
  });
  afterAll(() => controller?.close());

  it('serves the page with a strict Content-Security-Policy and never caches it', async () => {
    const page = await request(controller.url).get('/console/').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<div id="root"></div>');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers deep links with the same page, so a bookmarked device or deployment opens', async () => {
    const deep = await request(controller.url).get('/console/deployments/0190f0a0-0000-7000-8000-000000000000').expect(200);
    expect(deep.text).toContain('<div id="root"></div>');
  });

  it('caches hashed assets for a year and answers a missing asset with 404, not the page', async () => {
    const page = await request(controller.url).get('/console/').expect(200);
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    const asset = await request(controller.url).get(script as string).expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const missing = await request(controller.url).get('/console/assets/index-missing.js');
    expect(missing.status).toBe(404);
    expect(missing.text).not.toContain('<div id="root">');
  });

  it('leaves the API where it was', async () => {
    await request(controller.url).get('/api/v1/health').expect(200);
  });
});

describe('console: not built', () => {
  let controller: TestController;
  let empty: string;

  beforeAll(async () => {
    empty = await mkdtemp(join(tmpdir(), 'edgeplane-no-console-'));
    controller = await startController({ EDGEPLANE_CONSOLE_DIR: empty });
  });
  afterAll(async () => {
    await controller?.close();
    await rm(empty, { recursive: true, force: true });
  });

  it('says how to build it instead of answering with a blank page', async () => {
    const response = await request(controller.url).get('/console/').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'console.not_built', detail: expect.stringContaining('npm run build') });
    expect(response.body.detail).toContain(empty);
  });
});
