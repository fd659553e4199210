import { useState } from 'react';
import { SLOW_REFRESH_MS, useApiQuery } from '../../api/hooks';
import { Section } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { rangeStart, TimeRangeSelect, type TimeRangeKey } from '../../components/TimeRange';
import { SERIES_COLORS, TimeSeriesChart } from '../../components/TimeSeriesChart';
import { formatNumber } from '../../components/format';
import type { FleetAvailabilityView } from '../../api/views';

/** Bucket per range: about 60–100 points, enough to see a site drop off without a wall of dots. */
const BUCKETS: Record<TimeRangeKey, { param: string; ms: number }> = {
  '1h': { param: '1m', ms: 60_000 },
  '24h': { param: '15m', ms: 900_000 },
  '7d': { param: '2h', ms: 7_200_000 },
};

/** Devices online and offline over time, with a range to choose. */
export function AvailabilityChart() {
  const [range, setRange] = useState<TimeRangeKey>('1h');
  const bucket = BUCKETS[range];
  // Every 15 s, not 2: its finest bucket is a minute, and at 100,000 devices the query reads every
  // device's latest transition (≈ 1–2 s of PostgreSQL time; docs/console.md).
  const availability = useApiQuery<FleetAvailabilityView>(
    '/fleet/availability',
    { from: rangeStart(range, bucket.ms), bucket: bucket.param },
    { refreshMs: SLOW_REFRESH_MS, keepPrevious: true },
  );
  return (
    <Section title="Online over time" id="availability" actions={<TimeRangeSelect id="availability-range" value={range} onChange={setRange} />}>
      <QueryState query={availability}>
        {(view) => (
          <TimeSeriesChart
            title="Devices online and offline"
            points={view.points.map((point) => ({ at: point.at, online: point.online, offline: point.offline }))}
            series={[
              { key: 'online', label: 'Online', color: SERIES_COLORS[2] },
              { key: 'offline', label: 'Offline', color: SERIES_COLORS[1], dashed: true },
            ]}
            format={(value) => formatNumber(value)}
            counts
            emptyText="No device has connected in this range."
          />
        )}
      </QueryState>
    </Section>
  );
}
