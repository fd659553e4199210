import parseRange from 'range-parser';
import { EdgeplaneError } from '@edgeplane/contracts';

export class RangeNotSatisfiableError extends EdgeplaneError {
  constructor(range: string, size: number) {
    super('range_not_satisfiable', 'download.range_not_satisfiable', `Range "${range}" lies outside the ${size} bytes of the file.`, {
      sizeBytes: size,
    });
  }
}

/**
 * The one byte range (inclusive) to send for a Range header, or null for the whole file. Per RFC 9110
 * a server may ignore a malformed or multi-range request and send everything; an `If-Range` that
 * does not name the current ETag means the client's partial copy is of other bytes: send everything.
 */
export function requestedRange(
  size: number,
  range: string | undefined,
  ifRange: string | undefined,
  etag: string,
): { start: number; end: number } | null {
  if (!range || (ifRange !== undefined && ifRange !== etag)) return null;
  const ranges = parseRange(size, range, { combine: true });
  if (ranges === -1) throw new RangeNotSatisfiableError(range, size);
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return null;
  return { start: ranges[0].start, end: ranges[0].end };
}
