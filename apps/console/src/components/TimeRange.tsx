/** The spans a chart can show; each page picks a bucket width per span that the API accepts. */
export const TIME_RANGES = [
  { key: '1h', label: 'Last hour', spanMs: 3_600_000 },
  { key: '24h', label: 'Last 24 hours', spanMs: 86_400_000 },
  { key: '7d', label: 'Last 7 days', spanMs: 7 * 86_400_000 },
] as const;

export type TimeRangeKey = (typeof TIME_RANGES)[number]['key'];

/** A labelled select of the spans above. */
export function TimeRangeSelect({ id, value, onChange }: { id: string; value: TimeRangeKey; onChange: (next: TimeRangeKey) => void }) {
  return (
    <div className="range-select">
      <label htmlFor={id}>Time range</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as TimeRangeKey)}>
        {TIME_RANGES.map((range) => (
          <option key={range.key} value={range.key}>
            {range.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The start of `range` back from now, rounded down to a whole bucket: the same answer for a whole
 * bucket, so a polled query keeps its key (and its cache) until a new bucket begins.
 */
export function rangeStart(range: TimeRangeKey, bucketMs: number, now = Date.now()): string {
  const spanMs = TIME_RANGES.find((candidate) => candidate.key === range)!.spanMs;
  return new Date(Math.floor((now - spanMs) / bucketMs) * bucketMs).toISOString();
}
