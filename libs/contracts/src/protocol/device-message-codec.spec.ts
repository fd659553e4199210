import fc from 'fast-check';
import { decodeDeviceMessage, envelope, MAX_MESSAGE_BYTES } from './device-message-codec';
import { encodeLatencySketch, decodeLatencySketch, latencyPercentiles, newLatencySketch } from './latency-sketch';
import { DeviceChannel } from './topics';

const DEVICE = '019a0000-0000-7000-8000-000000000001';
const OTHER = '019a0000-0000-7000-8000-000000000002';
const VARIANT = '019a0000-0000-7000-8000-0000000000aa';

function telemetryBody() {
  return {
    windowStart: '2026-11-28T15:00:00.000Z',
    windowEnd: '2026-11-28T15:00:10.000Z',
    health: {
      uptimeSeconds: 12.5,
      cpuPercent: 37.5,
      memoryUsedBytes: 1_000_000,
      memoryTotalBytes: 8_000_000,
      diskFreeBytes: 5_000_000,
      load1: 0.4,
      agentRssBytes: 90_000_000,
    },
    variants: [
      {
        variantId: VARIANT,
        model: 'text-recognizer',
        inferences: 3,
        errors: 0,
        latencyMs: { p50: 4.1, p95: 5, p99: 5, max: 5.2 },
        sketch: null,
      },
    ],
    droppedMessages: 0,
  };
}

describe('decodeDeviceMessage', () => {
  it('accepts a well-formed message whose envelope names the topic device', () => {
    const payload = JSON.stringify(envelope(DEVICE, telemetryBody()));
    const result = decodeDeviceMessage(DeviceChannel.Telemetry, DEVICE, Buffer.from(payload));
    expect(result).toEqual({ ok: true, message: JSON.parse(payload) });
  });

  it('refuses a message another device sends in its name', () => {
    const payload = JSON.stringify(envelope(OTHER, telemetryBody()));
    expect(decodeDeviceMessage(DeviceChannel.Telemetry, DEVICE, payload)).toMatchObject({
      ok: false,
      reason: 'device_mismatch',
    });
  });

  it('refuses bytes that are not JSON', () => {
    expect(decodeDeviceMessage(DeviceChannel.Reported, DEVICE, Buffer.from([0xff, 0x00, 0x7b]))).toMatchObject({
      ok: false,
      reason: 'not_json',
    });
  });

  it('refuses a payload over the size limit before parsing it', () => {
    const huge = Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x20);
    expect(decodeDeviceMessage(DeviceChannel.Telemetry, DEVICE, huge)).toMatchObject({ ok: false, reason: 'too_large' });
  });

  it('names the field that breaks the schema', () => {
    const body = telemetryBody();
    body.health.cpuPercent = 250;
    const result = decodeDeviceMessage(DeviceChannel.Telemetry, DEVICE, JSON.stringify(envelope(DEVICE, body)));
    expect(result).toMatchObject({ ok: false, reason: 'schema' });
    expect(!result.ok && result.detail).toContain('/body/health/cpuPercent');
  });

  it('refuses unknown fields, so a typo never silently means "absent"', () => {
    const message = { ...envelope(DEVICE, telemetryBody()), extra: true };
    expect(decodeDeviceMessage(DeviceChannel.Telemetry, DEVICE, JSON.stringify(message))).toMatchObject({
      ok: false,
      reason: 'schema',
    });
  });

  it('refuses another protocol version', () => {
    const message = { ...envelope(DEVICE, telemetryBody()), schemaVersion: 2 };
    const result = decodeDeviceMessage(DeviceChannel.Telemetry, DEVICE, JSON.stringify(message));
    expect(result).toMatchObject({ ok: false, reason: 'schema' });
    expect(!result.ok && result.detail).toContain('/schemaVersion');
  });

  it('survives deeply nested JSON with a counted refusal', () => {
    const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(decodeDeviceMessage(DeviceChannel.Status, DEVICE, nested).ok).toBe(false);
  });

  it('refuses a time of the right form that names no time, naming the field', () => {
    const result = decodeDeviceMessage(DeviceChannel.Telemetry, DEVICE, JSON.stringify(envelope(DEVICE, { ...telemetryBody(), windowEnd: '2026-13-01T00:00:00Z' })));
    expect(result).toEqual({ ok: false, reason: 'schema', detail: '/body/windowEnd: "2026-13-01T00:00:00Z" is not a time (UTC, year 0001 or later)' });
  });

  it('refuses free text holding a NUL character, which the controller could not store', () => {
    const failed = { model: 'm', variantId: VARIANT, state: 'failed', reason: 'self-test\u0000failed', activeVariantId: null, lastKnownGoodVariantId: null, download: null };
    const result = decodeDeviceMessage(DeviceChannel.Reported, DEVICE, JSON.stringify(envelope(DEVICE, { appliedRevision: 1, revision: 1, assignments: [failed] })));
    expect(result).toMatchObject({ ok: false, reason: 'schema' });
    expect(!result.ok && result.detail).toContain('/body/assignments/0/reason');
  });

  it('passes on only times that can be stored, whatever digits a device puts in them', () => {
    const digits = (count: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: count, maxLength: count });
    const time = fc.tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), fc.option(digits(3))).map(
      ([year, month, day, hour, minute, second, millis]) => `${year}-${month}-${day}T${hour}:${minute}:${second}${millis === null ? '' : `.${millis}`}Z`,
    );
    fc.assert(
      fc.property(time, fc.constantFrom('sentAt', 'windowStart', 'windowEnd'), (value, field) => {
        const message = envelope(DEVICE, telemetryBody());
        const payload = field === 'sentAt' ? { ...message, sentAt: value } : { ...message, body: { ...message.body, [field]: value } };
        const result = decodeDeviceMessage(DeviceChannel.Telemetry, DEVICE, JSON.stringify(payload));
        if (!result.ok) return result.reason === 'schema';
        const stored = new Date(field === 'sentAt' ? result.message.sentAt : result.message.body[field as 'windowEnd']);
        return stored.getUTCFullYear() >= 1 && stored.toISOString().length > 0;
      }),
      { seed: 20261129, numRuns: 2000 },
    );
  });

  it('accepts the offline last will and an online status, and nothing in between', () => {
    const session = '019a0000-0000-7000-8000-0000000000cc';
    const online = envelope(DEVICE, {
      state: 'online',
      session,
      agentVersion: '0.1.0',
      capabilities: { cpuArch: 'x64', cpuCores: 2, memoryBytes: 1, accelerators: [], executionProviders: ['cpu'] },
    });
    const offline = envelope(DEVICE, { state: 'offline', cause: 'will', session });
    const confused = envelope(DEVICE, { state: 'offline', session, agentVersion: '0.1.0' });
    expect(decodeDeviceMessage(DeviceChannel.Status, DEVICE, JSON.stringify(online)).ok).toBe(true);
    expect(decodeDeviceMessage(DeviceChannel.Status, DEVICE, JSON.stringify(offline)).ok).toBe(true);
    expect(decodeDeviceMessage(DeviceChannel.Status, DEVICE, JSON.stringify(confused)).ok).toBe(false);
  });
});

describe('latency sketches', () => {
  it('merge across devices into percentiles within 1 % of the exact ones', () => {
    const values = Array.from({ length: 10_000 }, (_, index) => 1 + (index % 1000) / 10); // 1.0 … 100.9 ms
    const deviceA = newLatencySketch();
    const deviceB = newLatencySketch();
    values.forEach((value, index) => (index % 2 ? deviceA : deviceB).accept(value));
    const fleet = decodeLatencySketch(encodeLatencySketch(deviceA));
    fleet.merge(decodeLatencySketch(encodeLatencySketch(deviceB)));
    const sorted = [...values].sort((a, b) => a - b);
    const exact = (q: number) => sorted[Math.ceil(q * sorted.length) - 1];
    const percentiles = latencyPercentiles(fleet, 100.9);
    expect(percentiles.p50).toBeCloseTo(exact(0.5), -Math.log10(exact(0.5) * 0.02));
    expect(Math.abs(percentiles.p95 - exact(0.95)) / exact(0.95)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(percentiles.p99 - exact(0.99)) / exact(0.99)).toBeLessThanOrEqual(0.01);
    expect(percentiles.max).toBe(100.9);
  });

  it('refuses bytes that are not a sketch', () => {
    expect(() => decodeLatencySketch(Buffer.from('not a sketch at all').toString('base64'))).toThrow();
  });
});

describe('telemetry sketches at the door', () => {
  it('refuses a telemetry message whose sketch is not a latency sketch, naming it', () => {
    const body = telemetryBody();
    (body.variants[0] as { sketch: string | null }).sketch = Buffer.from('garbage!').toString('base64');
    const result = decodeDeviceMessage(DeviceChannel.Telemetry, DEVICE, JSON.stringify(envelope(DEVICE, body)));
    expect(result).toMatchObject({ ok: false, reason: 'schema' });
    expect(!result.ok && result.detail).toContain('/body/variants/0/sketch');
  });

  it('accepts a real sketch', () => {
    const body = telemetryBody();
    const sketch = newLatencySketch();
    sketch.accept(4.2);
    (body.variants[0] as { sketch: string | null }).sketch = encodeLatencySketch(sketch);
    expect(decodeDeviceMessage(DeviceChannel.Telemetry, DEVICE, JSON.stringify(envelope(DEVICE, body))).ok).toBe(true);
  });
});
