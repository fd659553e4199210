import { formatAgo, formatTime } from './format';

/** A time as "3 min ago", the exact time on hover and for machines (<time datetime>). */
export function RelativeTime({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <>—</>;
  return (
    <time dateTime={iso} title={formatTime(iso)}>
      {formatAgo(iso)}
    </time>
  );
}
