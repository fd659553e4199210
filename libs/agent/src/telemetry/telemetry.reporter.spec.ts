import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { DeviceHealth, Telemetry } from '@edgeplane/contracts';
import type { ModelHost } from '../serving/model-host';
import { InferenceStats } from './inference-stats';
import type { MachineHealth } from './machine-health';
import type { SpoolDrainer } from './spool-drainer';
import { TelemetrySpool } from './telemetry-spool';
import { TelemetryReporter } from './telemetry.reporter';

const HEALTH: DeviceHealth = {
  uptimeSeconds: 1,
  cpuPercent: 5,
  memoryUsedBytes: 1,
  memoryTotalBytes: 2,
  diskFreeBytes: 3,
  load1: 0.1,
  agentRssBytes: 4,
};

async function spooledTelemetry(spool: TelemetrySpool): Promise<Telemetry[]> {
  const bodies: Telemetry[] = [];
  for (let next = await spool.peek(); next; next = await spool.peek()) {
    bodies.push((JSON.parse(next.payload) as { body: Telemetry }).body);
    await spool.remove(next.sequence);
  }
  return bodies;
}

describe('TelemetryReporter', () => {
  it('keeps windows contiguous and in order when a health sample outlasts the interval', async () => {
    const spool = await TelemetrySpool.open(mkdtempSync(join(tmpdir(), 'agent-reporter-')), 100);
    // A statfs that waits behind a busy file system: three intervals long.
    const slowHealth = { sample: () => new Promise<DeviceHealth>((resolve) => setTimeout(() => resolve(HEALTH), 90)) };
    const sut = new TelemetryReporter({
      deviceId: '01a2237a-b6ea-775e-b974-d59ba2243ea2',
      intervalMs: 30,
      stats: new InferenceStats(),
      health: slowHealth as unknown as MachineHealth,
      host: { list: () => [] } as unknown as ModelHost,
      spool,
      drainer: { kick: () => undefined } as unknown as SpoolDrainer,
      logger: pino({ level: 'silent' }),
    });

    sut.start();
    await new Promise((resolve) => setTimeout(resolve, 400));
    sut.stop();
    await sut.settled();

    const windows = await spooledTelemetry(spool);
    expect(windows.length).toBeGreaterThanOrEqual(5);
    windows.slice(1).forEach((window, index) => expect(window.windowStart).toBe(windows[index]!.windowEnd));
    windows.forEach((window) => expect(Date.parse(window.windowEnd)).toBeGreaterThan(Date.parse(window.windowStart)));
  });
});
