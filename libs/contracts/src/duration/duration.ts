/** What a duration may look like, for error messages and API docs. */
export const DURATION_FORMS = 'whole seconds (900), a number with a unit s, m, h or d (15m), or an ISO 8601 duration (PT15M)';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };
const SHORT = /^(\d{1,9})([smhd])$/;
// Days and time parts only: months and years have no fixed length in seconds.
const ISO = /^P(?:(\d{1,9})D)?(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,9})S)?)?$/;

/**
 * Whole seconds of a duration written as `900`, `15m` (the telemetry bucket names `1m`, `5m`, `15m`,
 * `1h`, `1d` among them) or `PT15M`; null when it is none of these or not longer than zero.
 */
export function parseDurationSeconds(text: string): number | null {
  const seconds = secondsOf(text.trim());
  return seconds !== null && seconds > 0 && Number.isSafeInteger(seconds) ? seconds : null;
}

function secondsOf(text: string): number | null {
  if (/^\d{1,12}$/.test(text)) return Number(text);
  const short = SHORT.exec(text);
  if (short) return Number(short[1]) * UNIT_SECONDS[short[2]];
  const iso = ISO.exec(text);
  // "P" and "PT" alone match the pattern but name no duration.
  if (!iso || text === 'P' || text.endsWith('T')) return null;
  const [days, hours, minutes, seconds] = iso.slice(1).map((part) => Number(part ?? 0));
  return days * 86_400 + hours * 3_600 + minutes * 60 + seconds;
}
