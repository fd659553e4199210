import { statfs } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import type { DeviceHealth } from '@edgeplane/contracts';

/**
 * Samples the machine for telemetry. CPU use is the busy share of all cores between two samples
 * (os.cpus() gives cumulative times), so each telemetry message covers exactly its interval.
 */
export class MachineHealth {
  private previousCpu = cpuTimes();
  private readonly startedAt = Date.now();

  constructor(private readonly dataDir: string) {}

  async sample(): Promise<DeviceHealth> {
    const now = cpuTimes();
    const total = now.total - this.previousCpu.total;
    const idle = now.idle - this.previousCpu.idle;
    this.previousCpu = now;
    const disk = await statfs(this.dataDir);
    return {
      uptimeSeconds: (Date.now() - this.startedAt) / 1000,
      cpuPercent: total > 0 ? Math.min(100, Math.max(0, (100 * (total - idle)) / total)) : 0,
      // os.freemem() is the kernel's MemAvailable on Linux: what can be used without swapping.
      memoryUsedBytes: totalmem() - freemem(),
      memoryTotalBytes: totalmem(),
      diskFreeBytes: Number(disk.bavail) * Number(disk.bsize),
      load1: loadavg()[0],
      agentRssBytes: process.memoryUsage.rss(),
    };
  }
}

function cpuTimes(): { total: number; idle: number } {
  let total = 0;
  let idle = 0;
  for (const { times } of cpus()) {
    total += times.user + times.nice + times.sys + times.idle + times.irq;
    idle += times.idle;
  }
  return { total, idle };
}
