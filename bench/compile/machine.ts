import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * "Machine: 2 × AMD EPYC, 24 GiB; Node v20.20.2; onnxruntime-node 1.30.0." — the line under every
 * compile section of bench/RESULTS.md, so that numbers from different machines are never compared.
 */
export function machineLine(): string {
  const onnxruntime = JSON.parse(readFileSync(join(ROOT, 'node_modules/onnxruntime-node/package.json'), 'utf8')).version;
  return `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; onnxruntime-node ${onnxruntime}.`;
}

/** CPU time all processes of the machine have used since boot, in seconds (/proc/stat, USER_HZ 100), to see who else ran during a measurement. */
export function machineBusySeconds(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / 100;
}
