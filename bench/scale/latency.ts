/** Percentiles of a set of latencies, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Nearest-rank percentiles over every sample. A run holds a few thousand samples, so sorting them is
 * exact and cheap; a histogram would only round them.
 */
export function summarise(samplesMs: number[]): LatencySummary {
  if (samplesMs.length === 0) throw new Error('no latency samples: nothing was measured');
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { count: sorted.length, p50: rank(50), p99: rank(99), max: sorted[sorted.length - 1] };
}

/** "p50 3.1 / p99 12.4 / max 30.2 ms" */
export function latencyText(summary: Pick<LatencySummary, 'p50' | 'p99' | 'max'>): string {
  return `p50 ${summary.p50.toFixed(1)} / p99 ${summary.p99.toFixed(1)} / max ${summary.max.toFixed(1)} ms`;
}
