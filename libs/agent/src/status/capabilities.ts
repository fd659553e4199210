import { readdirSync, readFileSync } from 'node:fs';
import { arch, availableParallelism, totalmem } from 'node:os';
import type { Capabilities } from '@edgeplane/contracts';

const NVIDIA_GPUS = '/proc/driver/nvidia/gpus';

/** What this machine offers, sent with every `online` status. */
export function describeCapabilities(executionProviders: string[]): Capabilities {
  return {
    cpuArch: arch(),
    cpuCores: availableParallelism(),
    memoryBytes: totalmem(),
    accelerators: nvidiaGpus(),
    executionProviders,
  };
}

/** NVIDIA GPUs as `cuda:<model>`, from the driver's /proc entries (absent without the driver). */
function nvidiaGpus(): string[] {
  try {
    return readdirSync(NVIDIA_GPUS).map((bus) => {
      const model = /^Model:\s*(.+)$/m.exec(readFileSync(`${NVIDIA_GPUS}/${bus}/information`, 'utf8'))?.[1]?.trim();
      return `cuda:${model ?? bus}`.slice(0, 128);
    });
  } catch {
    return [];
  }
}
