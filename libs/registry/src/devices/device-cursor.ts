import { InvalidCursorError } from './device.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The position after which the next page starts, bound to the order it was issued for. */
export interface DeviceCursor {
  sort: 'name' | 'createdAt';
  order: 'asc' | 'desc';
  value: string;
  id: string;
}

// Opaque to clients (base64url JSON) so that the keyset encoding can change without a new API version.
export function encodeDeviceCursor(cursor: DeviceCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.order, cursor.value, cursor.id])).toString('base64url');
}

export function decodeDeviceCursor(text: string, sort: DeviceCursor['sort'], order: DeviceCursor['order']): DeviceCursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a cursor returned by this API');
  }
  if (!Array.isArray(parts) || parts.length !== 4 || !parts.every((part) => typeof part === 'string')) {
    throw new InvalidCursorError('not a cursor returned by this API');
  }
  const [cursorSort, cursorOrder, value, id] = parts as string[];
  if (cursorSort !== sort || cursorOrder !== order) {
    throw new InvalidCursorError(
      `it was issued for sort=${cursorSort}&order=${cursorOrder}, not sort=${sort}&order=${order}`,
    );
  }
  if (!UUID.test(id) || !(sort === 'createdAt' ? isIssuedTime(value) : !value.includes('\0'))) {
    throw new InvalidCursorError('not a cursor returned by this API');
  }
  return { sort, order, value, id };
}

/**
 * Whether `value` is a time as this API writes it into cursors (toISOString, four-digit year):
 * anything else a forged cursor holds (year 0, year +275760, a NUL in a name) PostgreSQL would
 * refuse mid-query, a 500 instead of a 400.
 */
function isIssuedTime(value: string): boolean {
  const time = new Date(value);
  return !Number.isNaN(time.getTime()) && time.getUTCFullYear() >= 1 && time.getUTCFullYear() <= 9999 && time.toISOString() === value;
}
