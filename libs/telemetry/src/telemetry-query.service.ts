import { Injectable } from '@nestjs/common';
import type { DeviceTelemetryView, HealthFigures, TelemetryBucketView, TelemetryMessageView, VariantLatencyView } from '@edgeplane/contracts';
import { TelemetryMessageRow, TelemetryRepository, VariantRepository } from '@edgeplane/persistence';
import { VariantNotFoundError } from '@edgeplane/models';
import { DevicesService } from '@edgeplane/registry';
import { DeviceTelemetryQuery, TELEMETRY_BUCKETS, TelemetryRangeQuery } from './dto/telemetry-range.query';
import { groupBy, mergeRollups } from './latency-figures';
import { InvalidTimeRangeError } from './telemetry.errors';

const DEFAULT_SPAN_MS = 3_600_000;
/** More buckets than this is a chart nobody can read and a query nobody should wait for. */
const MAX_BUCKETS = 1_500;
/** Raw messages answered at most per request (a day of one device at the 10 s default is 8 640). */
const MAX_MESSAGES = 10_000;

/** Reads telemetry back: a device's health and latency over time, and a variant's fleet percentiles. */
@Injectable()
export class TelemetryQueryService {
  constructor(
    private readonly telemetry: TelemetryRepository,
    private readonly devices: DevicesService,
    private readonly variants: VariantRepository,
  ) {}

  async device(deviceId: string, query: DeviceTelemetryQuery): Promise<DeviceTelemetryView> {
    await this.devices.require(deviceId);
    const bucket = query.bucket ?? '1m';
    const width = TELEMETRY_BUCKETS[bucket];
    const { from, to } = timeRange(query);
    if ((to.getTime() - from.getTime()) / width > MAX_BUCKETS) {
      throw new InvalidTimeRangeError(`${bucket} buckets over this range would be more than ${MAX_BUCKETS}; choose a wider bucket.`);
    }
    // Rollups are per minute by the window's end: align the range so no bucket is partly counted.
    const [messages, rollups] = await Promise.all([
      this.telemetry.messages(deviceId, from, to),
      this.telemetry.deviceRollups(deviceId, from, to),
    ]);
    const bucketOf = (at: Date) => Math.floor(at.getTime() / width) * width;
    const healthBy = groupBy(messages, (row) => String(bucketOf(row.windowEnd)));
    const rollupsBy = groupBy(rollups, (row) => String(bucketOf(row.bucketStart)));
    const starts = [...new Set([...healthBy.keys(), ...rollupsBy.keys()])].map(Number).sort((a, b) => a - b);
    const buckets: TelemetryBucketView[] = starts.map((start) => ({
      start: new Date(start).toISOString(),
      health: healthFigures(healthBy.get(String(start)) ?? []),
      variants: [...groupBy(rollupsBy.get(String(start)) ?? [], (row) => row.variantId)].map(([variantId, rows]) => mergeRollups(variantId, rows)),
    }));
    return { deviceId, from: from.toISOString(), to: to.toISOString(), bucket, buckets };
  }

  /** The raw messages of a device in a range, oldest first: what arrived, and how late. */
  async messages(deviceId: string, query: TelemetryRangeQuery): Promise<TelemetryMessageView[]> {
    await this.devices.require(deviceId);
    const { from, to } = timeRange(query);
    const rows = await this.telemetry.messages(deviceId, from, to, MAX_MESSAGES);
    return rows.map((row) => ({
      messageId: row.messageId,
      windowStart: row.windowStart.toISOString(),
      windowEnd: row.windowEnd.toISOString(),
      receivedAt: row.receivedAt.toISOString(),
      droppedMessages: row.droppedMessages,
      inferences: (row.variants as unknown as { inferences: number }[]).reduce((sum, variant) => sum + variant.inferences, 0),
    }));
  }

  async variant(variantId: string, query: TelemetryRangeQuery): Promise<VariantLatencyView> {
    if (!(await this.variants.findById(variantId))) throw new VariantNotFoundError(variantId);
    const { from, to } = timeRange(query);
    const rows = await this.telemetry.variantRollups(variantId, from, to);
    const devices = new Set(rows.map((row) => row.deviceId)).size;
    return { ...mergeRollups(variantId, rows), from: from.toISOString(), to: to.toISOString(), devices };
  }
}

function timeRange(query: TelemetryRangeQuery): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_SPAN_MS);
  if (from >= to) throw new InvalidTimeRangeError(`"from" (${from.toISOString()}) must be before "to" (${to.toISOString()}).`);
  return { from, to };
}

function healthFigures(rows: TelemetryMessageRow[]): HealthFigures | null {
  if (rows.length === 0) return null;
  const sum = (pick: (row: TelemetryMessageRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const max = (pick: (row: TelemetryMessageRow) => number) => Math.max(...rows.map(pick));
  return {
    messages: rows.length,
    cpuPercentAvg: sum((row) => row.cpuPercent) / rows.length,
    cpuPercentMax: max((row) => row.cpuPercent),
    memoryUsedBytesMax: max((row) => Number(row.memoryUsedBytes)),
    diskFreeBytesMin: Math.min(...rows.map((row) => Number(row.diskFreeBytes))),
    load1Avg: sum((row) => row.load1) / rows.length,
    agentRssBytesMax: max((row) => Number(row.agentRssBytes)),
    droppedMessages: sum((row) => row.droppedMessages),
  };
}
