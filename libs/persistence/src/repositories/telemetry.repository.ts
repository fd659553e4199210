import { Injectable } from '@nestjs/common';
import type { LatencyRollup, Prisma, TelemetryMessage } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';

export type TelemetryMessageRow = TelemetryMessage;
export type LatencyRollupRow = LatencyRollup;
export type NewTelemetryMessage = Prisma.TelemetryMessageCreateManyInput;

/** The key of one rollup row: a variant on a device over one minute. */
export interface RollupKey {
  variantId: string;
  bucketStart: Date;
  deviceId: string;
}

/** A rollup row's values; `sketch` is the merged DDSketch protobuf or null. */
export interface RollupValues {
  model: string;
  inferences: bigint;
  errors: bigint;
  maxMs: number;
  sketch: Uint8Array | null;
}

/** The rollup rows a batch touches, and how each one's new values follow from its current ones (or null). */
export interface RollupPlan {
  keys: RollupKey[];
  merge(key: RollupKey, current: RollupValues | null): RollupValues;
}

/**
 * Prisma ends an interactive transaction after 5 s by default. A batch that waits that long for the
 * CPU or for row locks (a loaded machine, another replica on the same rollups) would be rolled back
 * and its messages — already acknowledged to the broker — lost; a slow batch is better than none.
 */
const STORE_BATCH_TIMEOUT_MS = 60_000;

@Injectable()
export class TelemetryRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores a batch in one transaction: the messages (a message id already stored is skipped, so a
   * redelivery changes nothing) and, for the messages that were new, their rollups: `planRollups`
   * receives the ids of the new messages and says which rows they touch and how to merge them into
   * each row's locked current values. Returns the ids of the messages that were new.
   */
  async storeBatch(messages: NewTelemetryMessage[], planRollups: (stored: Set<string>) => RollupPlan): Promise<Set<string>> {
    return this.prisma.$transaction(async (tx) => {
      // One INSERT … SELECT FROM unnest(column arrays) rather than createManyAndReturn: Prisma builds
      // and interprets a 500-row createMany on the controller's event loop, which measured as the
      // largest part of the controller's CPU under 10,000 devices' telemetry (bench/scale).
      const c = messageColumns(messages);
      const inserted = await tx.$queryRaw<{ messageId: string }[]>`
        INSERT INTO telemetry_messages (device_id, message_id, window_start, window_end, received_at, uptime_seconds, cpu_percent,
          memory_used_bytes, memory_total_bytes, disk_free_bytes, load1, agent_rss_bytes, dropped_messages, variants)
        SELECT * FROM unnest(${c.deviceIds}::uuid[], ${c.messageIds}::uuid[], ${c.windowStarts}::timestamptz[], ${c.windowEnds}::timestamptz[],
          ${c.receivedAts}::timestamptz[], ${c.uptimeSeconds}::float8[], ${c.cpuPercents}::float8[], ${c.memoryUsedBytes}::bigint[],
          ${c.memoryTotalBytes}::bigint[], ${c.diskFreeBytes}::bigint[], ${c.load1s}::float8[], ${c.agentRssBytes}::bigint[],
          ${c.droppedMessages}::int[], ${c.variants}::jsonb[])
        ON CONFLICT DO NOTHING
        RETURNING message_id::text AS "messageId"`;
      const stored = new Set(inserted.map(({ messageId }) => messageId));
      const plan = planRollups(stored);
      const keys = sortKeys(plan.keys);
      if (keys.length === 0) return stored;
      const columns = keyColumns(keys);
      // Rows must exist before they can be locked; inserting them empty first means two replicas
      // adding to the same new minute serialise on the row instead of overwriting each other.
      await tx.$executeRaw`
        INSERT INTO latency_rollups (variant_id, bucket_start, device_id, model, inferences, errors, max_ms, sketch)
        SELECT k.variant_id, k.bucket_start, k.device_id, '', 0, 0, 0, NULL
        FROM unnest(${columns.variantIds}::uuid[], ${columns.bucketStarts}::timestamptz[], ${columns.deviceIds}::uuid[])
          AS k(variant_id, bucket_start, device_id)
        ON CONFLICT DO NOTHING`;
      const current = await tx.$queryRaw<LatencyRollupRow[]>`
        SELECT variant_id AS "variantId", bucket_start AS "bucketStart", device_id AS "deviceId", model,
               inferences, errors, max_ms AS "maxMs", sketch
        FROM latency_rollups
        WHERE (variant_id, bucket_start, device_id) IN (
          SELECT * FROM unnest(${columns.variantIds}::uuid[], ${columns.bucketStarts}::timestamptz[], ${columns.deviceIds}::uuid[]))
        ORDER BY variant_id, bucket_start, device_id
        FOR UPDATE`;
      const byKey = new Map(current.map((row) => [rollupKeyString(row), row]));
      const merged = keys.map((key) => {
        const row = byKey.get(rollupKeyString(key));
        return plan.merge(key, row && row.model !== '' ? row : null);
      });
      await tx.$executeRaw`
        UPDATE latency_rollups r SET model = v.model, inferences = v.inferences, errors = v.errors,
          max_ms = v.max_ms, sketch = decode(v.sketch, 'base64')
        FROM unnest(${columns.variantIds}::uuid[], ${columns.bucketStarts}::timestamptz[], ${columns.deviceIds}::uuid[],
                    ${merged.map((m) => m.model)}::text[], ${merged.map((m) => m.inferences.toString())}::bigint[],
                    ${merged.map((m) => m.errors.toString())}::bigint[], ${merged.map((m) => m.maxMs)}::float8[],
                    ${merged.map((m) => (m.sketch ? Buffer.from(m.sketch).toString('base64') : null))}::text[])
          AS v(variant_id, bucket_start, device_id, model, inferences, errors, max_ms, sketch)
        WHERE r.variant_id = v.variant_id AND r.bucket_start = v.bucket_start AND r.device_id = v.device_id`;
      return stored;
    }, { timeout: STORE_BATCH_TIMEOUT_MS });
  }

  /** Raw messages of a device whose window ended in [from, to), oldest first, at most `limit` if given. */
  async messages(deviceId: string, from: Date, to: Date, limit?: number): Promise<TelemetryMessageRow[]> {
    return this.prisma.telemetryMessage.findMany({
      where: { deviceId, windowEnd: { gte: from, lt: to } },
      orderBy: { windowEnd: 'asc' },
      take: limit,
    });
  }

  /** The messages of these devices whose whole window lies within [from, to] (a bake), device and variants only. */
  async windowsWithin(deviceIds: string[], from: Date, to: Date): Promise<Pick<TelemetryMessageRow, 'deviceId' | 'variants'>[]> {
    return this.prisma.telemetryMessage.findMany({
      where: { deviceId: { in: deviceIds }, windowStart: { gte: from }, windowEnd: { lte: to } },
      select: { deviceId: true, variants: true },
    });
  }

  /** Rollup rows of these devices and variants with a bucket starting in [from, to]. */
  async rollupsOf(deviceIds: string[], variantIds: string[], from: Date, to: Date): Promise<LatencyRollupRow[]> {
    return this.prisma.latencyRollup.findMany({
      where: { deviceId: { in: deviceIds }, variantId: { in: variantIds }, bucketStart: { gte: from, lte: to } },
    });
  }

  /** The latest message of a device, or null. */
  async latest(deviceId: string): Promise<TelemetryMessageRow | null> {
    return this.prisma.telemetryMessage.findFirst({ where: { deviceId }, orderBy: { windowEnd: 'desc' } });
  }

  async deviceRollups(deviceId: string, from: Date, to: Date): Promise<LatencyRollupRow[]> {
    return this.prisma.latencyRollup.findMany({
      where: { deviceId, bucketStart: { gte: from, lt: to } },
      orderBy: { bucketStart: 'asc' },
    });
  }

  async variantRollups(variantId: string, from: Date, to: Date): Promise<LatencyRollupRow[]> {
    return this.prisma.latencyRollup.findMany({ where: { variantId, bucketStart: { gte: from, lt: to } } });
  }

  /** Deletes messages received before `messagesBefore` and rollups older than `rollupsBefore`. */
  async prune(messagesBefore: Date, rollupsBefore: Date): Promise<{ messages: number; rollups: number }> {
    const messages = await this.prisma.telemetryMessage.deleteMany({ where: { receivedAt: { lt: messagesBefore } } });
    const rollups = await this.prisma.latencyRollup.deleteMany({ where: { bucketStart: { lt: rollupsBefore } } });
    return { messages: messages.count, rollups: rollups.count };
  }
}

/** The rows as one array per column, in the text form PostgreSQL casts from (unnest needs arrays of one type each). */
function messageColumns(messages: NewTelemetryMessage[]) {
  const column = <T>(pick: (message: NewTelemetryMessage) => T) => messages.map(pick);
  const time = (value: Date | string | undefined) => (value === undefined ? new Date() : new Date(value)).toISOString();
  return {
    deviceIds: column((m) => m.deviceId),
    messageIds: column((m) => m.messageId),
    windowStarts: column((m) => time(m.windowStart)),
    windowEnds: column((m) => time(m.windowEnd)),
    receivedAts: column((m) => time(m.receivedAt)),
    uptimeSeconds: column((m) => m.uptimeSeconds),
    cpuPercents: column((m) => m.cpuPercent),
    memoryUsedBytes: column((m) => String(m.memoryUsedBytes)),
    memoryTotalBytes: column((m) => String(m.memoryTotalBytes)),
    diskFreeBytes: column((m) => String(m.diskFreeBytes)),
    load1s: column((m) => m.load1),
    agentRssBytes: column((m) => String(m.agentRssBytes)),
    droppedMessages: column((m) => m.droppedMessages),
    variants: column((m) => JSON.stringify(m.variants)),
  };
}

function rollupKeyString(key: RollupKey): string {
  return `${key.variantId}|${key.bucketStart.getTime()}|${key.deviceId}`;
}

/** Unique keys in one global order, so concurrent batches lock rows in the same order. */
function sortKeys(keys: RollupKey[]): RollupKey[] {
  const unique = new Map(keys.map((key) => [rollupKeyString(key), key]));
  return [...unique.values()].sort((a, b) =>
    a.variantId !== b.variantId
      ? a.variantId < b.variantId ? -1 : 1
      : a.bucketStart.getTime() !== b.bucketStart.getTime()
        ? a.bucketStart.getTime() - b.bucketStart.getTime()
        : a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0,
  );
}

function keyColumns(keys: RollupKey[]) {
  return {
    variantIds: keys.map((key) => key.variantId),
    bucketStarts: keys.map((key) => key.bucketStart),
    deviceIds: keys.map((key) => key.deviceId),
  };
}
