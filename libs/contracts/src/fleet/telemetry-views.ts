import type { LatencyPercentiles } from '../protocol';

/** Inference figures of one variant over a span of time. */
export interface VariantFigures {
  /** The variant. */
  variantId: string;
  /** Its model name. */
  model: string;
  /** Successful predictions. */
  inferences: number;
  /** Failed predictions. */
  errors: number;
  /** errors / (inferences + errors), or null with no predictions. */
  errorRate: number | null;
  /** Percentiles of the merged latency sketches (1 % relative accuracy; exact max), or null. */
  latencyMs: LatencyPercentiles | null;
}

/** Device health over one bucket, aggregated from its telemetry messages. */
export interface HealthFigures {
  /** Messages in the bucket. */
  messages: number;
  cpuPercentAvg: number;
  cpuPercentMax: number;
  memoryUsedBytesMax: number;
  diskFreeBytesMin: number;
  load1Avg: number;
  agentRssBytesMax: number;
  /** Telemetry the agent's spool dropped while offline, reported in this bucket. */
  droppedMessages: number;
}

/** One bucket of a device's telemetry. */
export interface TelemetryBucketView {
  /** Bucket start (ISO 8601). */
  start: string;
  /** Null when no message ended in the bucket (the device was silent). */
  health: HealthFigures | null;
  variants: VariantFigures[];
}

/** `GET /devices/{id}/telemetry`. */
export interface DeviceTelemetryView {
  deviceId: string;
  from: string;
  to: string;
  bucket: string;
  buckets: TelemetryBucketView[];
}

/** `GET /variants/{id}/latency`: the fleet's view of one variant. */
export interface VariantLatencyView extends VariantFigures {
  from: string;
  to: string;
  /** Devices that served it in the range. */
  devices: number;
}

/** One telemetry message as received (`GET /devices/{id}/telemetry/messages`). */
export interface TelemetryMessageView {
  /** The message id the agent gave it (redeliveries share it and are stored once). */
  messageId: string;
  /** The interval it covers (ISO 8601). */
  windowStart: string;
  windowEnd: string;
  /** When the controller stored it (ISO 8601); later than windowEnd by the spooling delay. */
  receivedAt: string;
  /** Messages the agent's spool dropped before this one. */
  droppedMessages: number;
  /** Inferences across its variants. */
  inferences: number;
}
