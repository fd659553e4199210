import { randomUUID } from 'node:crypto';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { DesiredStateMessage } from './desired-state';
import { ReportedStateMessage } from './reported-state';
import { StatusMessage } from './status';
import { decodeLatencySketch } from './latency-sketch';
import { TelemetryMessage } from './telemetry';
import { DeviceChannel, PROTOCOL_VERSION } from './topics';

/** The message type of each channel. */
export interface DeviceMessages {
  [DeviceChannel.Desired]: DesiredStateMessage;
  [DeviceChannel.Reported]: ReportedStateMessage;
  [DeviceChannel.Telemetry]: TelemetryMessage;
  [DeviceChannel.Status]: StatusMessage;
}

/** The JSON Schema of each channel's messages (published in docs/protocol). */
export const DEVICE_MESSAGE_SCHEMAS: Record<DeviceChannel, TSchema> = {
  [DeviceChannel.Desired]: DesiredStateMessage,
  [DeviceChannel.Reported]: ReportedStateMessage,
  [DeviceChannel.Telemetry]: TelemetryMessage,
  [DeviceChannel.Status]: StatusMessage,
};

/**
 * Larger payloads are refused before parsing. The biggest legitimate message, telemetry with 32
 * variants and their sketches, stays far below; the broker should enforce the same limit
 * (`message_size_limit` in Mosquitto) so such messages never travel.
 */
export const MAX_MESSAGE_BYTES = 256 * 1024;

/** Why a message was refused; the controller counts refusals by these. */
export type RejectionReason = 'too_large' | 'not_json' | 'schema' | 'device_mismatch';

export type DecodeResult<C extends DeviceChannel> =
  | { ok: true; message: DeviceMessages[C] }
  | { ok: false; reason: RejectionReason; detail: string };

// Compiled once: checking a message is then a straight-line function, not a schema walk.
const checks = Object.fromEntries(
  Object.entries(DEVICE_MESSAGE_SCHEMAS).map(([channel, schema]) => [channel, TypeCompiler.Compile(schema)]),
) as Record<DeviceChannel, TypeCheck<TSchema>>;

/**
 * Parses and checks one payload received on `channel` of device `topicDeviceId`. Nothing about the
 * payload is trusted: size first, then JSON, then the schema, then that the envelope names the
 * device whose topic it came on.
 */
export function decodeDeviceMessage<C extends DeviceChannel>(
  channel: C,
  topicDeviceId: string,
  payload: Uint8Array | string,
): DecodeResult<C> {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
  if (size > MAX_MESSAGE_BYTES) {
    return { ok: false, reason: 'too_large', detail: `${size} bytes, limit ${MAX_MESSAGE_BYTES}` };
  }
  let value: unknown;
  try {
    // A view of the bytes, not a copy: MQTT hands every payload over as a Buffer already.
    value = JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'not_json', detail: (error as Error).message };
  }
  const check = checks[channel];
  if (!check.Check(value)) {
    const first = check.Errors(value).First();
    const where = first?.path || '/';
    return { ok: false, reason: 'schema', detail: `${where}: ${first?.message ?? 'does not match the schema'}` };
  }
  const message = value as DeviceMessages[C];
  const badTime = impossibleTime(channel, message);
  if (badTime) return { ok: false, reason: 'schema', detail: badTime };
  if (message.deviceId !== topicDeviceId) {
    return { ok: false, reason: 'device_mismatch', detail: `envelope says ${message.deviceId}, topic says ${topicDeviceId}` };
  }
  const badSketch = channel === DeviceChannel.Telemetry ? unreadableSketch(message as TelemetryMessage) : null;
  if (badSketch) return { ok: false, reason: 'schema', detail: badSketch };
  return { ok: true, message };
}

/**
 * The first timestamp that has the protocol's form but names no time (month 13, hour 25, a leap
 * second, year 0), or null. Such a time cannot be stored: refused here, it would fail the whole
 * batch of other devices' messages it was written with.
 */
function impossibleTime(channel: DeviceChannel, message: DeviceMessages[DeviceChannel]): string | null {
  const times: [string, string][] = [['/sentAt', message.sentAt]];
  if (channel === DeviceChannel.Telemetry) {
    const { body } = message as TelemetryMessage;
    times.push(['/body/windowStart', body.windowStart], ['/body/windowEnd', body.windowEnd]);
  }
  const bad = times.find(([, time]) => !(Date.parse(time) >= EARLIEST_TIME));
  return bad ? `${bad[0]}: ${JSON.stringify(bad[1])} is not a time (UTC, year 0001 or later)` : null;
}

// PostgreSQL has no year 0 in ISO dates; an unset device clock (1970) is a real time and accepted.
const EARLIEST_TIME = Date.parse('0001-01-01T00:00:00Z');

/** The path of the first sketch that is not a DDSketch of the protocol's accuracy, or null. */
function unreadableSketch(message: TelemetryMessage): string | null {
  for (const [index, variant] of message.body.variants.entries()) {
    if (variant.sketch === null) continue;
    try {
      decodeLatencySketch(variant.sketch);
    } catch (error) {
      return `/body/variants/${index}/sketch: not a latency sketch (${(error as Error).message})`;
    }
  }
  return null;
}

/** Wraps a body in a fresh envelope from or for `deviceId`, sent now (or at `sentAt`). */
export function envelope<Body>(deviceId: string, body: Body, sentAt = new Date()) {
  return { schemaVersion: PROTOCOL_VERSION, messageId: randomUUID(), sentAt: sentAt.toISOString(), deviceId, body };
}
