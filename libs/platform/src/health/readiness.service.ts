import { Inject, Injectable } from '@nestjs/common';
import { withDeadline } from '../scheduling';
import { ProbeResult, ReadinessProbe, ReadinessReport } from './readiness-probe';

export const READINESS_PROBES = Symbol('READINESS_PROBES');

// A probe slower than this counts as down: an orchestrator's readiness check must answer quickly.
const PROBE_TIMEOUT_MS = 2_000;

@Injectable()
export class ReadinessService {
  constructor(@Inject(READINESS_PROBES) private readonly probes: ReadinessProbe[]) {}

  async report(): Promise<ReadinessReport> {
    const results = await Promise.all(this.probes.map((probe) => run(probe)));
    const checks = Object.fromEntries(this.probes.map((probe, i) => [probe.dependency, results[i]]));
    const ready = results.every((result) => result.status === 'up');
    return { status: ready ? 'ready' : 'unavailable', checks };
  }
}

async function run(probe: ReadinessProbe): Promise<ProbeResult> {
  const started = performance.now();
  try {
    await withDeadline(probe.ping(), PROBE_TIMEOUT_MS, probe.dependency);
    return { status: 'up', latencyMs: elapsed(started) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { status: 'down', latencyMs: elapsed(started), error: reason };
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
