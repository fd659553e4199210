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
  ] as const)('refuses %s', (_, text, sort) => {
    expect(() => decodeDeviceCursor(text, sort, 'asc')).toThrow(InvalidCursorError);
  });
});
