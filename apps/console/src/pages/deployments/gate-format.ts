import type { GateName, GateResult } from '../../api/views';
import { formatMs, formatPercent } from '../../components/format';

interface GateWording {
  label: string;
  /** `max…` gates pass at or below the threshold, `min…` at or above it. */
  comparison: '≤' | '≥';
  format: (value: number) => string;
}

/** How each gate reads, with the unit of its numbers (libs/contracts DeploymentGates). */
const GATES: Record<GateName, GateWording> = {
  maxFailedPercent: { label: 'Failed devices', comparison: '≤', format: (percent) => formatPercent(percent / 100) },
  maxErrorRate: { label: 'Error rate', comparison: '≤', format: (rate) => formatPercent(rate, 2) },
  maxP95LatencyMs: { label: 'p95 latency', comparison: '≤', format: formatMs },
  maxP95RegressionPercent: { label: 'p95 regression', comparison: '≤', format: (percent) => `+${formatPercent(percent / 100)}` },
  minReportedPercent: { label: 'Devices reported', comparison: '≥', format: (percent) => formatPercent(percent / 100) },
};

export interface GateLine {
  label: string;
  measured: string;
  threshold: string;
  /** "p95 latency 7.46 ms ≤ 50.0 ms ✓": the whole verdict in one line, for summaries and screen readers. */
  sentence: string;
}

export function gateLine(result: GateResult): GateLine {
  const wording = GATES[result.gate] ?? { label: result.gate, comparison: '≤', format: String };
  const measured = result.measured === null ? 'nothing measured' : wording.format(result.measured);
  const threshold = `${wording.comparison} ${wording.format(result.threshold)}`;
  const mark = result.verdict === 'passed' ? '✓' : '✗';
  return { label: wording.label, measured, threshold, sentence: `${wording.label} ${measured} ${threshold} ${mark}` };
}

/** `latencySamples: 12` → "12 latency samples": what a measurement was made of, in words. */
export function describeSamples(samples: Record<string, number>): string {
  return Object.entries(samples)
    .map(([name, value]) => `${Number.isInteger(value) ? value : value.toFixed(2)} ${name.replace(/([A-Z])/g, ' $1').toLowerCase()}`)
    .join(', ');
}
