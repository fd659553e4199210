import { useEffect, useState } from 'react';
import { formatDuration, formatTime } from '../../components/format';

/** "42 s left" while a wave bakes, ticking each second; the end time itself on hover and for machines. */
export function BakeCountdown({ until }: { until: string }) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.ceil((Date.parse(until) - now) / 1000));
  return (
    <time dateTime={until} title={formatTime(until)}>
      {left > 0 ? `${formatDuration(left)} left` : 'bake over, judging the gates'}
    </time>
  );
}

