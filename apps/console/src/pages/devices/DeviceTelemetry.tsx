import { useState } from 'react';
import { SLOW_REFRESH_MS, useApiQuery } from '../../api/hooks';
import type { DeviceTelemetryView } from '../../api/views';
import { formatMs, formatNumber } from '../../components/format';
import { Section } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { rangeStart, TimeRangeSelect, type TimeRangeKey } from '../../components/TimeRange';
import { SERIES_COLORS, TimeSeriesChart, type Point } from '../../components/TimeSeriesChart';

/** The API's bucket widths (libs/telemetry, at most 1 500 buckets a query): 60, 96 and 168 points. */
const BUCKETS: Record<TimeRangeKey, { param: string; ms: number }> = {
  '1h': { param: '1m', ms: 60_000 },
  '24h': { param: '15m', ms: 900_000 },
  '7d': { param: '1h', ms: 3_600_000 },
};

/**
 * Latency percentiles and inference counts of one variant on this device over time. The variant
 * served now is shown first; a select offers the others that reported in the range.
 */
export function DeviceTelemetry({ deviceId, activeVariantIds }: { deviceId: string; activeVariantIds: string[] }) {
  const [range, setRange] = useState<TimeRangeKey>('1h');
  const [chosen, setChosen] = useState<string | null>(null);
  const bucket = BUCKETS[range];
  const telemetry = useApiQuery<DeviceTelemetryView>(
    `/devices/${deviceId}/telemetry`,
    { from: rangeStart(range, bucket.ms), bucket: bucket.param },
    { refreshMs: SLOW_REFRESH_MS, keepPrevious: true },
  );
  return (
    <Section title="Latency and inferences" id="telemetry" actions={<TimeRangeSelect id="telemetry-range" value={range} onChange={setRange} />}>
      <QueryState query={telemetry}>
        {(view) => {
          const variants = reportedVariants(view);
          if (variants.length === 0) return <p className="empty">No inference telemetry in this range.</p>;
          const variantId = [chosen, ...activeVariantIds, variants[0].variantId].find((id) => id && variants.some((variant) => variant.variantId === id))!;
          const points = variantPoints(view, variantId);
          return (
            <>
              {variants.length > 1 && (
                <div className="range-select">
                  <label htmlFor="telemetry-variant">Variant</label>
                  <select id="telemetry-variant" value={variantId} onChange={(event) => setChosen(event.target.value)}>
                    {variants.map((variant) => (
                      <option key={variant.variantId} value={variant.variantId}>
                        {variant.model} · {variant.variantId}
                        {activeVariantIds.includes(variant.variantId) ? ' (active)' : ''}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <TimeSeriesChart
                title="Latency percentiles"
                points={points}
                series={[
                  { key: 'p50', label: 'p50', color: SERIES_COLORS[0] },
                  { key: 'p95', label: 'p95', color: SERIES_COLORS[1], dashed: true },
                  { key: 'p99', label: 'p99', color: SERIES_COLORS[3] },
                ]}
                format={formatMs}
              />
              <TimeSeriesChart
                title="Inferences and errors"
                points={points}
                series={[
                  { key: 'inferences', label: 'Inferences', color: SERIES_COLORS[2] },
                  { key: 'errors', label: 'Errors', color: SERIES_COLORS[1], dashed: true },
                ]}
                format={(value) => formatNumber(value)}
                counts
              />
            </>
          );
        }}
      </QueryState>
    </Section>
  );
}

/** Every variant that reported in the range, with its model, in order of first appearance. */
function reportedVariants(view: DeviceTelemetryView): Array<{ variantId: string; model: string }> {
  const seen = new Map<string, string>();
  for (const bucket of view.buckets) for (const figures of bucket.variants) if (!seen.has(figures.variantId)) seen.set(figures.variantId, figures.model);
  return [...seen].map(([variantId, model]) => ({ variantId, model }));
}

/** One point per bucket for `variantId`; a bucket it did not report in is a gap, not a zero. */
function variantPoints(view: DeviceTelemetryView, variantId: string): Point[] {
  return view.buckets.map((bucket) => {
    const figures = bucket.variants.find((candidate) => candidate.variantId === variantId);
    return {
      at: bucket.start,
      p50: figures?.latencyMs?.p50 ?? null,
      p95: figures?.latencyMs?.p95 ?? null,
      p99: figures?.latencyMs?.p99 ?? null,
      inferences: figures ? figures.inferences : null,
      errors: figures ? figures.errors : null,
    };
  });
}
