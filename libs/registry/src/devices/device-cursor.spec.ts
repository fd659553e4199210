import { decodeDeviceCursor, encodeDeviceCursor } from './device-cursor';
import { InvalidCursorError } from './device.errors';

const ID = '0190d1a6-0000-7000-8000-000000000001';

describe('device cursor', () => {
  it('round-trips a position for the same order', () => {
    const cursor = { sort: 'createdAt', order: 'desc', value: '2026-11-28T12:00:00.000Z', id: ID } as const;

    const sut = decodeDeviceCursor(encodeDeviceCursor(cursor), 'createdAt', 'desc');

    expect(sut).toEqual(cursor);
  });

  it('refuses a cursor issued for another order', () => {
    const text = encodeDeviceCursor({ sort: 'name', order: 'asc', value: 'cam', id: ID });

    expect(() => decodeDeviceCursor(text, 'name', 'desc')).toThrow(/issued for sort=name&order=asc/);
  });

  const encoded = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');

  it.each([
    ['not base64 JSON', 'garbage', 'name'],
    ['the wrong shape', encoded({ a: 1 }), 'name'],
    ['a malformed id', encoded(['name', 'asc', 'x', 'not-a-uuid']), 'name'],
    ['a malformed time', encoded(['createdAt', 'asc', 'yesterday', ID]), 'createdAt'],
    ['a time PostgreSQL cannot hold (year 0)', encoded(['createdAt', 'asc', '0000-01-01T00:00:00.000Z', ID]), 'createdAt'],
    ['a time of six-digit year', encoded(['createdAt', 'asc', '+275760-09-13T00:00:00.000Z', ID]), 'createdAt'],
    ['a time not written as this API writes it', encoded(['createdAt', 'asc', '2026-02-30', ID]), 'createdAt'],
    ['a name holding a NUL', encoded(['name', 'asc', 'a\u0000b', ID]), 'name'],
  ] as const)('refuses %s', (_, text, sort) => {
    expect(() => decodeDeviceCursor(text, sort, 'asc')).toThrow(InvalidCursorError);
  });
});
