import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock, formatTime } from './format';

export interface Series {
  /** Field of each point holding this series' value (null: no data in that bucket). */
  key: string;
  label: string;
  /** Dark enough for 3:1 against white (WCAG 1.4.11); the legend and table carry the names. */
  color: string;
  /** Dashed lines tell series apart without colour. */
  dashed?: boolean;
}

export interface Point {
  /** Bucket time, ISO 8601. */
  at: string;
  [series: string]: number | string | null;
}

/** Colours for up to four series, each ≥ 4.5:1 against white. */
export const SERIES_COLORS = ['#1d4f91', '#a4262c', '#2f6b2f', '#6b4c00'] as const;

/**
 * A line chart over time with a text alternative: a one-sentence summary for screen readers and,
 * one click away, the same numbers as a table (WCAG 1.1.1). Gaps stay gaps: a silent device has
 * no latency, not a latency of zero.
 */
export function TimeSeriesChart({
  title,
  points,
  series,
  format,
  emptyText = 'No data in this range.',
  counts = false,
}: {
  title: string;
  points: Point[];
  series: Series[];
  format: (value: number) => string;
  emptyText?: string;
  /** Whole numbers (devices, inferences): the axis never shows a tick at 1.5 devices. */
  counts?: boolean;
}) {
  const hasData = points.some((point) => series.some((line) => typeof point[line.key] === 'number'));
  if (!hasData) return <p className="empty">{emptyText}</p>;
  const data = points.map((point) => ({ ...point, time: new Date(point.at).getTime() }));
  return (
    <figure className="chart">
      <div role="img" aria-label={summarize(title, points, series, format)} className="chart-canvas">
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="#d0d4da" strokeDasharray="3 3" />
            <XAxis dataKey="time" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={formatClock} stroke="#4a5058" />
            <YAxis tickFormatter={format} width={72} stroke="#4a5058" allowDecimals={!counts} />
            <Tooltip labelFormatter={(time) => formatTime(new Date(Number(time)).toISOString())} formatter={(value) => format(Number(value))} />
            <Legend />
            {series.map((line) => (
              <Line
                key={line.key}
                dataKey={line.key}
                name={line.label}
                stroke={line.color}
                strokeWidth={2}
                strokeDasharray={line.dashed ? '6 3' : undefined}
                dot={false}
                isAnimationActive={false}
                connectNulls={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details className="chart-table">
        <summary>{title}: show the numbers as a table</summary>
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              {series.map((line) => (
                <th scope="col" key={line.key}>
                  {line.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.at}>
                <th scope="row">{formatTime(point.at)}</th>
                {series.map((line) => {
                  const value = point[line.key];
                  return <td key={line.key}>{typeof value === 'number' ? format(value) : '—'}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** "p95 latency, 10:00 to 11:00: latest p50 3.1 ms, p95 4.2 ms." */
function summarize(title: string, points: Point[], series: Series[], format: (value: number) => string): string {
  const first = points[0];
  const last = points[points.length - 1];
  const latest = series
    .map((line) => {
      const value = [...points].reverse().find((point) => typeof point[line.key] === 'number')?.[line.key];
      return typeof value === 'number' ? `${line.label} ${format(value)}` : null;
    })
    .filter((part): part is string => part !== null)
    .join(', ');
  return `${title}, ${formatTime(first.at)} to ${formatTime(last.at)}; latest: ${latest}.`;
}
