/**
 * One line of the scale table that `npm run bench` appends to bench/RESULTS.md. Every benchmark
 * measures its floor in the same run where it has one (the same messages through the same
 * Mosquitto, or the same query straight on PostgreSQL, with no Edgeplane in between), because
 * absolute times on a shared 2-core machine drift while ratios hold.
 */
export interface ScaleRow {
  /** "Rollout fan-out, 10,000 devices", "Registry GET /devices?selector, 100,000 devices", … */
  benchmark: string;
  /** What Edgeplane did, with its unit: "8.4 s", "1,930 msg/s", "p99 12.1 ms". */
  measured: string;
  /** The floor measured in the same run, with its unit; null where the benchmark has none. */
  floor: string | null;
  /** measured ÷ floor (times) or measured ÷ floor (throughput): the number the target is about; null without a floor. */
  ratio: number | null;
  /** The target in words: "≤ 3× floor", "≥ 70 % of floor", "p99 ≤ 50 ms". */
  target: string;
  met: boolean;
}

/** A benchmark's part of the table, plus what a reader needs to interpret it (lost messages, lag, bottleneck). */
export interface ScaleSection {
  rows: ScaleRow[];
  /** Plain sentences printed under the table: counts, percentiles, what bounded the run. */
  notes: string[];
}
