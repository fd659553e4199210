import { startController, TestController } from '../support/controller';
import { Api, api } from '../support/http';

const FLEET: Array<{ name: string; hardwareProfile: string; labels: Record<string, string> }> = [
  { name: 'ber-01', hardwareProfile: 'gpu', labels: { site: 'berlin', tier: 'prod', gpu: '', env: 'prod' } },
  { name: 'ber-02', hardwareProfile: 'gpu', labels: { site: 'berlin', tier: 'canary', gpu: '', env: 'prod' } },
  { name: 'ber-03', hardwareProfile: 'cpu', labels: { site: 'berlin', tier: 'prod', env: 'staging' } },
  { name: 'ber-04', hardwareProfile: 'gpu', labels: { site: 'berlin', gpu: 'a100' } },
  { name: 'muc-01', hardwareProfile: 'gpu', labels: { site: 'munich', tier: 'prod', gpu: '', env: 'dev' } },
  { name: 'muc-02', hardwareProfile: 'cpu', labels: { site: 'munich', env: 'staging' } },
  { name: 'ham-01', hardwareProfile: 'fpga', labels: { site: 'hamburg', env: 'prod' } },
  { name: 'ham-02', hardwareProfile: 'asic', labels: {} },
];

describe('device listing', () => {
  let controller: TestController;
  let client: Api;

  const names = async (query: string) => {
    const response = await client.get(`/devices?${query}`).expect(200);
    return response.body.items.map((device: { name: string }) => device.name);
  };
  const selecting = (selector: string) => names(`selector=${encodeURIComponent(selector)}`);

  beforeAll(async () => {
    controller = await startController();
    client = api(controller, controller.adminToken);
    for (const device of FLEET) await client.post('/devices', device).expect(201);
  });
  afterAll(() => controller.close());

  it.each([
    ['site=berlin,tier!=canary,gpu', ['ber-01', 'ber-04']],
    ['env in (prod,staging)', ['ber-01', 'ber-02', 'ber-03', 'ham-01', 'muc-02']],
    ['env notin (prod)', ['ber-03', 'ber-04', 'ham-02', 'muc-01', 'muc-02']],
    ['!gpu', ['ber-03', 'ham-01', 'ham-02', 'muc-02']],
    ['gpu=a100', ['ber-04']],
    ['site==munich , env', ['muc-01', 'muc-02']],
    ['', FLEET.map((d) => d.name).sort()],
  ])('selects %j', async (selector, expected) => {
    expect(await selecting(selector)).toEqual(expected);
  });

  it('combines a selector with status and hardware-profile filters', async () => {
    expect(await names('selector=site%3Dberlin&hardwareProfile=gpu')).toEqual(['ber-01', 'ber-02', 'ber-04']);
    expect(await names('hardwareProfile=gpu&status=online')).toEqual([]);
    expect(await names('hardwareProfile=asic&status=provisioned')).toEqual(['ham-02']);
  });

  it('points at the bad token of a malformed selector', async () => {
    const response = await client.get(`/devices?selector=${encodeURIComponent('env in (prod')}`).expect(400);

    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ code: 'label_selector.syntax', position: 12, token: '' });
    expect(response.body.detail).toContain('position 12');
  });

  it.each([
    ['name', 'asc'],
    ['name', 'desc'],
    ['createdAt', 'asc'],
    ['createdAt', 'desc'],
  ])('walks every device exactly once in pages sorted by %s %s', async (sort, order) => {
    const everything = await names(`sort=${sort}&order=${order}&limit=100`);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ name: string }>; nextCursor: string | null } } = await client
        .get(`/devices?sort=${sort}&order=${order}&limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      walked.push(...page.body.items.map((device) => device.name));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(walked).toEqual(everything);
    expect(walked).toHaveLength(FLEET.length);
    if (sort === 'name') {
      const sorted = [...walked].sort();
      expect(walked).toEqual(order === 'asc' ? sorted : sorted.reverse());
    }
  });

  it('keeps its place when devices are added between pages', async () => {
    const first = await client.get('/devices?limit=4').expect(200);
    await client.post('/devices', { name: 'aaa-new', hardwareProfile: 'cpu' }).expect(201);

    const second = await client.get(`/devices?limit=100&cursor=${first.body.nextCursor}`).expect(200);

    const seen = [...first.body.items, ...second.body.items].map((d: { name: string }) => d.name);
    expect(seen).toEqual(FLEET.map((d) => d.name).sort());
  });

  it('refuses a cursor issued for another order, and a forged one', async () => {
    const page = await client.get('/devices?limit=2&sort=name').expect(200);

    const mismatched = await client.get(`/devices?sort=createdAt&cursor=${page.body.nextCursor}`).expect(400);
    expect(mismatched.body.code).toBe('pagination.invalid_cursor');
    expect(mismatched.body.detail).toContain('sort=name&order=asc');
    const forged = await client.get('/devices?cursor=bm90LWEtY3Vyc29y').expect(400);
    expect(forged.body.code).toBe('pagination.invalid_cursor');
  });

  it('rejects a page size out of range', async () => {
    const response = await client.get('/devices?limit=501').expect(400);

    expect(response.body.errors).toEqual([{ field: 'limit', problems: ['limit must not be greater than 500'] }]);
  });
});
