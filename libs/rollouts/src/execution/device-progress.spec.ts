import { ApplyingDevice, ModelReport, settlementsFor } from './device-progress';

const variant = '00000000-0000-7000-8000-00000000000a';
const other = '00000000-0000-7000-8000-00000000000b';
const device = (deviceId: string): ApplyingDevice => ({ deviceId, variantId: variant, desiredRevision: 3 });
const report = (deviceId: string, fields: Partial<ModelReport>): ModelReport => ({
  deviceId,
  variantId: variant,
  state: 'active',
  reason: null,
  activeVariantId: variant,
  revision: 3,
  ...fields,
});

describe('settlementsFor', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  const later = new Date('2026-11-28T13:00:00Z');

  it('settles active and failed reports of the written revision and leaves the others applying before the deadline', () => {
    const sut = settlementsFor(
      [device('a'), device('b'), device('c'), device('d'), device('e')],
      [
        report('a', {}),
        report('b', { state: 'failed', reason: 'self-test mismatch', activeVariantId: other }),
        report('c', { state: 'downloading', activeVariantId: other }),
        report('d', { revision: 2 }), // an earlier revision's report says nothing about this one
      ],
      now,
      later,
    );

    expect(sut).toEqual([
      { deviceId: 'a', status: 'active', reason: null },
      { deviceId: 'b', status: 'failed', reason: 'device reported failed: self-test mismatch' },
    ]);
  });

  it('does not count a device active while it still serves another variant', () => {
    expect(settlementsFor([device('a')], [report('a', { variantId: other, activeVariantId: other })], now, later)).toEqual([]);
  });

  it('times out the devices without a final report once the deadline has passed, saying what was last heard', () => {
    const sut = settlementsFor([device('a'), device('b'), device('c')], [report('a', {}), report('b', { state: 'loading' })], later, now);

    expect(sut).toEqual([
      { deviceId: 'a', status: 'active', reason: null },
      { deviceId: 'b', status: 'timed_out', reason: `not active by the deadline ${now.toISOString()}; its last report: loading (revision 3)` },
      { deviceId: 'c', status: 'timed_out', reason: `not active by the deadline ${now.toISOString()}; it never reported this model` },
    ]);
  });
});
