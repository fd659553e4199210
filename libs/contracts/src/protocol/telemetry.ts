import { type Static, Type as T } from '@sinclair/typebox';
import { messageSchema } from './envelope';
import { Count, MAX_ASSIGNMENTS, NonNegative, ResourceName, Timestamp, Uuid } from './schema-primitives';

/** The device's machine over the interval. */
export const DeviceHealth = T.Object(
  {
    /** Seconds since the agent started. */
    uptimeSeconds: NonNegative,
    /** CPU busy share of the whole machine over the interval, 0–100. */
    cpuPercent: T.Number({ minimum: 0, maximum: 100 }),
    /** Memory in use (total − available) at the end of the interval. */
    memoryUsedBytes: Count,
    /** Physical memory. */
    memoryTotalBytes: Count,
    /** Free bytes on the file system of the agent's data directory. */
    diskFreeBytes: Count,
    /** One-minute load average (0 where the OS has none). */
    load1: NonNegative,
    /** Resident memory of the agent process. */
    agentRssBytes: Count,
  },
  { additionalProperties: false },
);
export type DeviceHealth = Static<typeof DeviceHealth>;

/** Latency percentiles in milliseconds, read from the interval's sketch. */
export const LatencyPercentiles = T.Object(
  { p50: NonNegative, p95: NonNegative, p99: NonNegative, max: NonNegative },
  { additionalProperties: false },
);
export type LatencyPercentiles = Static<typeof LatencyPercentiles>;

/** One served variant over the interval. */
export const VariantTelemetry = T.Object(
  {
    /** The variant that served. */
    variantId: Uuid,
    /** Its model name. */
    model: ResourceName,
    /** Predictions answered successfully. */
    inferences: Count,
    /** Predictions that failed inside the runtime (bad requests refused before it do not count). */
    errors: Count,
    /** Percentiles of successful predictions, or null when there were none. */
    latencyMs: T.Union([LatencyPercentiles, T.Null()]),
    /**
     * The interval's latency distribution as a DDSketch (protobuf, base64, 1 % relative accuracy),
     * so the controller can merge devices and intervals into exact-to-1 % fleet percentiles. Null
     * when there were no successful predictions.
     */
    sketch: T.Union([T.String({ maxLength: 65536, pattern: '^[A-Za-z0-9+/]*={0,2}$' }), T.Null()]),
  },
  { additionalProperties: false },
);
export type VariantTelemetry = Static<typeof VariantTelemetry>;

export const TelemetryBody = T.Object(
  {
    /** Start of the interval this message covers. */
    windowStart: Timestamp,
    /** End of the interval. */
    windowEnd: Timestamp,
    /** The machine. */
    health: DeviceHealth,
    /** Every variant that served during the interval. */
    variants: T.Array(VariantTelemetry, { maxItems: MAX_ASSIGNMENTS }),
    /** Telemetry messages the agent's offline spool had to drop (oldest first) since it last reported. */
    droppedMessages: Count,
  },
  { additionalProperties: false },
);

/** `telemetry`: agent → controller, QoS 1, every interval; spooled while offline and sent late. */
export const TelemetryMessage = messageSchema(
  'TelemetryMessage',
  'Health and per-variant inference latency over one interval (agent → controller, QoS 1).',
  TelemetryBody,
);
export type TelemetryMessage = Static<typeof TelemetryMessage>;
export type Telemetry = TelemetryMessage['body'];
