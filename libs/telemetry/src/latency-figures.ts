import { decodeLatencySketch, latencyPercentiles, newLatencySketch, type VariantFigures } from '@edgeplane/contracts';
import type { LatencyRollupRow } from '@edgeplane/persistence';

/** Merges rollup rows of one variant into its figures: counts add, sketches merge, max is the max. */
export function mergeRollups(variantId: string, rows: LatencyRollupRow[]): VariantFigures {
  const sketch = newLatencySketch();
  let inferences = 0;
  let errors = 0;
  let max = 0;
  let model = '';
  for (const row of rows) {
    model = row.model || model;
    inferences += Number(row.inferences);
    errors += Number(row.errors);
    max = Math.max(max, row.maxMs);
    if (row.sketch) sketch.merge(decodeLatencySketch(row.sketch));
  }
  const total = inferences + errors;
  return {
    variantId,
    model,
    inferences,
    errors,
    errorRate: total > 0 ? errors / total : null,
    latencyMs: sketch.count > 0 ? latencyPercentiles(sketch, max) : null,
  };
}

/** Groups rows by a key, keeping first-seen order. */
export function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}
