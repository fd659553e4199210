import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { REDELIVERY_WINDOW_MS, SpoolDrainer } from './spool-drainer';
import { TelemetrySpool } from './telemetry-spool';

const settled = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('SpoolDrainer', () => {
  let directory: string;
  let spool: TelemetrySpool;
  const published: string[] = [];
  let sut: SpoolDrainer;
  let listening: boolean;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'spool-drainer-'));
    spool = await TelemetrySpool.open(directory, 100);
    published.length = 0;
    listening = true;
    sut = new SpoolDrainer(spool, async (payload) => void published.push(payload), () => listening, pino({ level: 'silent' }));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('delivers in order and empties the spool', async () => {
    await spool.append('m1');
    await spool.append('m2');
    sut.kick();
    await settled();
    expect(published).toEqual(['m1', 'm2']);
    expect(spool.size).toBe(0);
  });

  it('sends what it delivered in the last minute again once a replica listens after one died, and nothing older', async () => {
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now - REDELIVERY_WINDOW_MS - 1_000);
    await spool.append('old');
    sut.kick();
    await settled();
    clock.mockReturnValue(now);
    await spool.append('m1');
    await spool.append('m2');
    sut.kick();
    await settled();

    listening = false; // the only replica died
    sut.replicaLost();
    await settled();
    expect(published).toEqual(['old', 'm1', 'm2']);
    await spool.append('m3'); // made while no replica listens
    listening = true;
    sut.kick(); // a replica is back
    await settled();
    clock.mockRestore();

    expect(published).toEqual(['old', 'm1', 'm2', 'm3', 'm1', 'm2']);
    expect(spool.size).toBe(0);
  });
});
