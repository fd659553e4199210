import { startController, TestController } from '../support/controller';
import { withDatabase } from '../support/deployments';
import { Api, api, keyWithRole } from '../support/http';

const FROM = Date.parse('2026-01-01T00:00:00.000Z');
const MINUTE = 60_000;
const iso = (minutesAfterFrom: number) => new Date(FROM + minutesAfterFrom * MINUTE).toISOString();

/**
 * Status transitions at known times, written straight into device_status_events (as the ingest path
 * writes them; the presence tests cover how they get there). Minutes relative to FROM:
 */
const HISTORY: Record<string, [minutes: number, status: 'online' | 'offline'][]> = {
  // online before the range, offline, online again
  flapping: [[-60, 'online'], [20, 'offline'], [40, 'online']],
  // offline at the start; back online exactly on the 00:30 bucket boundary
  boundary: [[-120, 'online'], [-30, 'offline'], [30, 'online']],
  // no event before the range: counted only from its first event; on and off inside one bucket
  latecomer: [[5, 'online'], [10, 'offline'], [50, 'online']],
  // online exactly at `from` (counts at the start), offline after the range (never counted)
  steady: [[0, 'online'], [90, 'offline']],
  // online, then decommissioned at 00:35 (no event: decommissioning writes none)
  retired: [[-60, 'online']],
  // decommissioned before the range
  'long-gone': [[-60, 'online']],
  // never connected: in neither count
  silent: [],
};
const DECOMMISSIONED_AT: Record<string, number> = { retired: 35, 'long-gone': -10 };

describe('fleet availability over time', () => {
  let controller: TestController;
  let viewer: Api;

  beforeAll(async () => {
    controller = await startController();
    const admin = api(controller, controller.adminToken);
    viewer = api(controller, await keyWithRole(admin, 'viewer'));
    const ids: Record<string, string> = {};
    for (const name of Object.keys(HISTORY)) {
      ids[name] = (await admin.post('/devices', { name, hardwareProfile: 'cpu' }).expect(201)).body.device.id;
    }
    await withDatabase(controller, async (client) => {
      for (const [name, events] of Object.entries(HISTORY)) {
        for (const [minutes, status] of events) {
          await client.query(`INSERT INTO device_status_events (device_id, status, cause, at) VALUES ($1, $2, $3, $4)`, [
            ids[name], status, status === 'online' ? 'connect' : 'will', iso(minutes),
          ]);
        }
      }
      for (const [name, minutes] of Object.entries(DECOMMISSIONED_AT)) {
        await client.query(`UPDATE devices SET status = 'decommissioned', decommissioned_at = $2 WHERE id = $1`, [ids[name], iso(minutes)]);
      }
    });
  });
  afterAll(() => controller.close());

  it('gives the state at the end of each bucket, an event on a boundary counting in the bucket it ends', async () => {
    const { body } = await viewer.get(`/fleet/availability?from=${iso(0)}&to=${iso(60)}&bucket=15m`).expect(200);

    expect(body).toEqual({
      from: iso(0),
      to: iso(60),
      bucketSeconds: 900,
      points: [
        { at: iso(15), online: 3, offline: 2 }, // flapping, steady, retired | boundary, latecomer
        { at: iso(30), online: 3, offline: 2 }, // boundary (at 00:30 exactly), steady, retired | flapping, latecomer
        { at: iso(45), online: 3, offline: 1 }, // flapping, boundary, steady | latecomer (retired is gone)
        { at: iso(60), online: 4, offline: 0 }, // flapping, boundary, latecomer, steady
      ],
    });
  });

  it('ends the last, shorter bucket at `to`, and takes seconds and ISO 8601 durations', async () => {
    const uneven = await viewer.get(`/fleet/availability?from=${iso(0)}&to=${iso(50)}&bucket=900`).expect(200);
    expect(uneven.body.points).toEqual([
      { at: iso(15), online: 3, offline: 2 },
      { at: iso(30), online: 3, offline: 2 },
      { at: iso(45), online: 3, offline: 1 },
      { at: iso(50), online: 4, offline: 0 }, // latecomer's 00:50 online is at the point's instant
    ]);

    const halfHours = await viewer.get(`/fleet/availability?from=${iso(0)}&to=${iso(60)}&bucket=PT30M`).expect(200);
    expect(halfHours.body).toMatchObject({ bucketSeconds: 1800, points: [{ at: iso(30), online: 3, offline: 2 }, { at: iso(60), online: 4, offline: 0 }] });
  });

  it('shows the state before any transition in range, and after all of them', async () => {
    const before = await viewer.get(`/fleet/availability?from=${iso(-240)}&to=${iso(-180)}&bucket=1h`).expect(200);
    expect(before.body.points).toEqual([{ at: iso(-180), online: 0, offline: 0 }]);

    const after = await viewer.get(`/fleet/availability?from=${iso(100)}&to=${iso(160)}&bucket=1h`).expect(200);
    expect(after.body.points).toEqual([{ at: iso(160), online: 3, offline: 1 }]); // steady went offline at 01:30
  });

  it('covers the last 24 hours in 15-minute buckets by default', async () => {
    const before = Date.now();
    const { body } = await viewer.get('/fleet/availability').expect(200);

    expect(Date.parse(body.to)).toBeGreaterThanOrEqual(before - 1_000);
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(24 * 60 * MINUTE);
    expect(body.bucketSeconds).toBe(900);
    expect(body.points).toHaveLength(96);
    expect(body.points.at(-1)).toEqual({ at: body.to, online: 3, offline: 1 });
  });

  it('refuses a reversed or empty range, a bad bucket and more than 500 points with a 400 saying why', async () => {
    const empty = await viewer.get(`/fleet/availability?from=${iso(0)}&to=${iso(0)}`).expect(400);
    expect(empty.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(empty.body).toMatchObject({ code: 'fleet.invalid_range', detail: expect.stringContaining('"from"') });
    expect((await viewer.get(`/fleet/availability?from=${iso(60)}&to=${iso(0)}`).expect(400)).body.code).toBe('fleet.invalid_range');

    for (const bucket of ['abc', '0', '-60', '15 minutes', 'P1M']) {
      const bad = await viewer.get(`/fleet/availability?bucket=${encodeURIComponent(bucket)}`).expect(400);
      expect({ bucket, errors: bad.body.errors }).toEqual({
        bucket,
        errors: [{ field: 'bucket', problems: [expect.stringContaining('bucket must be whole seconds (900), a number with a unit')] }],
      });
    }

    const tooMany = await viewer.get(`/fleet/availability?from=${iso(0)}&to=${iso(24 * 60)}&bucket=1m`).expect(400);
    expect(tooMany.body.code).toBe('fleet.invalid_range');
    expect(tooMany.body.detail).toContain('1440 points, more than the limit of 500');
    // Exactly 500 is allowed.
    await viewer.get(`/fleet/availability?from=${iso(0)}&to=${iso(500)}&bucket=1m`).expect(200);

    const badDate = await viewer.get('/fleet/availability?from=yesterday').expect(400);
    expect(badDate.body.errors).toEqual([{ field: 'from', problems: [expect.stringContaining('from must be an ISO 8601 date-time')] }]);
    await viewer.get('/fleet/availability?step=60').expect(400);
  });
});
