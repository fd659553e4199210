import { decodeLatencySketch, newLatencySketch, type TelemetryMessage } from '@edgeplane/contracts';
import type { NewTelemetryMessage, RollupKey, RollupPlan, RollupValues } from '@edgeplane/persistence';

/** Per-minute rollups: fine enough for a rollout's bake time, coarse enough to keep 90 days. */
export const ROLLUP_BUCKET_MS = 60_000;

/** One variant's contribution from one message to one rollup row. */
interface Contribution {
  key: RollupKey;
  messageId: string;
  model: string;
  inferences: number;
  errors: number;
  maxMs: number;
  sketch: string | null;
}

/**
 * A batch of telemetry messages on its way to the database: their rows, and what each adds to the
 * per-minute rollups, to be merged only for the messages the database had not seen before.
 */
export class TelemetryBatch {
  readonly rows: NewTelemetryMessage[];
  private readonly contributions = new Map<string, Contribution[]>();

  constructor(messages: TelemetryMessage[], receivedAt: Date) {
    // A redelivery can arrive in the same batch as its original: keep the first of each message id.
    const unique = [...new Map(messages.map((message) => [message.messageId, message])).values()];
    this.rows = unique.map((message) => toRow(message, receivedAt));
    for (const contribution of unique.flatMap(toContributions)) {
      const key = keyString(contribution.key);
      this.contributions.set(key, [...(this.contributions.get(key) ?? []), contribution]);
    }
  }

  /** The rollups that the stored messages (not the redeliveries) add to, and how. */
  rollupPlan(stored: Set<string>): RollupPlan {
    const touched = [...this.contributions.values()].filter((list) => list.some((c) => stored.has(c.messageId)));
    return { keys: touched.map(([first]) => first.key), merge: (key, current) => this.merge(stored, key, current) };
  }

  private merge(stored: Set<string>, key: RollupKey, current: RollupValues | null): RollupValues {
    const sketch = current?.sketch ? decodeLatencySketch(current.sketch) : newLatencySketch();
    let { inferences, errors, maxMs } = current ?? { inferences: 0n, errors: 0n, maxMs: 0 };
    let model = current?.model ?? '';
    for (const c of this.contributions.get(keyString(key)) ?? []) {
      if (!stored.has(c.messageId)) continue;
      model = c.model;
      inferences += BigInt(c.inferences);
      errors += BigInt(c.errors);
      maxMs = Math.max(maxMs, c.maxMs);
      if (c.sketch) sketch.merge(decodeLatencySketch(c.sketch));
    }
    return { model, inferences, errors, maxMs, sketch: sketch.count > 0 ? sketch.toProto() : null };
  }
}

function toRow(message: TelemetryMessage, receivedAt: Date): NewTelemetryMessage {
  const { body } = message;
  return {
    deviceId: message.deviceId,
    messageId: message.messageId,
    windowStart: new Date(body.windowStart),
    windowEnd: new Date(body.windowEnd),
    receivedAt,
    ...body.health,
    memoryUsedBytes: BigInt(body.health.memoryUsedBytes),
    memoryTotalBytes: BigInt(body.health.memoryTotalBytes),
    diskFreeBytes: BigInt(body.health.diskFreeBytes),
    agentRssBytes: BigInt(body.health.agentRssBytes),
    droppedMessages: body.droppedMessages,
    // The sketches live in the rollups; the raw row keeps the figures a person reads.
    variants: body.variants.map(({ sketch: _sketch, ...figures }) => figures),
  };
}

function toContributions(message: TelemetryMessage): Contribution[] {
  const bucketStart = new Date(Math.floor(Date.parse(message.body.windowEnd) / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS);
  return message.body.variants.map((variant) => ({
    key: { variantId: variant.variantId, bucketStart, deviceId: message.deviceId },
    messageId: message.messageId,
    model: variant.model,
    inferences: variant.inferences,
    errors: variant.errors,
    maxMs: variant.latencyMs?.max ?? 0,
    sketch: variant.sketch,
  }));
}


function keyString(key: RollupKey): string {
  return `${key.variantId}|${key.bucketStart.getTime()}|${key.deviceId}`;
}
