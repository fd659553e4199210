import { timingSafeEqual } from 'node:crypto';

/**
 * True when the Authorization header carries `Bearer <expected>`. Compared in constant time, so the
 * response time tells nothing about how much of a guess was right.
 */
export function carriesScrapeToken(authorization: string | undefined, expected: string): boolean {
  const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '', 'utf8');
  const wanted = Buffer.from(expected, 'utf8');
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
