import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TelemetrySpool } from './telemetry-spool';

async function drain(spool: TelemetrySpool): Promise<string[]> {
  const payloads: string[] = [];
  for (let next = await spool.peek(); next; next = await spool.peek()) {
    payloads.push(next.payload);
    await spool.remove(next.sequence);
  }
  return payloads;
}

describe('TelemetrySpool', () => {
  const directory = () => mkdtempSync(join(tmpdir(), 'agent-spool-'));

  it('hands messages back in the order they came', async () => {
    const sut = await TelemetrySpool.open(directory(), 10);
    for (const payload of ['m1', 'm2', 'm3']) await sut.append(payload);
    expect(await drain(sut)).toEqual(['m1', 'm2', 'm3']);
    expect(sut.size).toBe(0);
  });

  it('keeps at most its bound, dropping the oldest and counting them once', async () => {
    const sut = await TelemetrySpool.open(directory(), 3);
    for (const payload of ['m1', 'm2', 'm3', 'm4', 'm5']) await sut.append(payload);
    expect(await sut.takeDropped()).toBe(2);
    expect(await sut.takeDropped()).toBe(0);
    expect(await drain(sut)).toEqual(['m3', 'm4', 'm5']);
  });

  it('survives a restart with its messages, their order and the dropped count', async () => {
    const path = directory();
    const before = await TelemetrySpool.open(path, 2);
    for (const payload of ['m1', 'm2', 'm3']) await before.append(payload);
    const first = await before.peek();
    await before.remove(first!.sequence); // m2 delivered before the restart

    const after = await TelemetrySpool.open(path, 2);
    await after.append('m4');
    expect(await after.takeDropped()).toBe(1);
    expect(await drain(after)).toEqual(['m3', 'm4']);
  });

  it('drops the oldest on reopening with a smaller bound', async () => {
    const path = directory();
    const before = await TelemetrySpool.open(path, 5);
    for (const payload of ['m1', 'm2', 'm3']) await before.append(payload);
    const after = await TelemetrySpool.open(path, 1);
    expect(await after.takeDropped()).toBe(2);
    expect(await drain(after)).toEqual(['m3']);
  });

  it('keeps every message of appends made at once, in the order they were made', async () => {
    const sut = await TelemetrySpool.open(directory(), 100);
    await Promise.all(['m1', 'm2', 'm3', 'm4'].map((payload) => sut.append(payload)));
    expect(await drain(sut)).toEqual(['m1', 'm2', 'm3', 'm4']);
  });
});
