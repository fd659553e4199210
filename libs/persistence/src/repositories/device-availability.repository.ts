import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

/** A range cut into equal buckets starting at `from`; the last one ends at `to` and may be shorter. */
export interface AvailabilityBuckets {
  from: Date;
  to: Date;
  bucketSeconds: number;
  /** Number of buckets: ceil((to − from) / bucketSeconds). */
  count: number;
}

/** Devices online and offline at the end of one bucket (1-based). */
export interface AvailabilityCountRow {
  bucket: number;
  online: number;
  offline: number;
}

/** Reads fleet availability over time from the online/offline transitions in device_status_events. */
@Injectable()
export class DeviceAvailabilityRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * For each bucket, how many devices' latest status event at or before the bucket's end is online,
   * and how many offline. Devices are left out from their decommissioning on (it leaves no status
   * event, so it is added to the transitions here).
   *
   * One statement whose cost grows with the devices and the events inside the range, not with the
   * number of buckets: the state at `from` is found once (the latest event per device, an index probe
   * on (device_id, at) each), the transitions inside the range become +1/−1 deltas against the
   * device's previous state (LAG), and a running sum over the buckets adds them up.
   */
  async countsPerBucket({ from, to, bucketSeconds, count }: AvailabilityBuckets): Promise<AvailabilityCountRow[]> {
    return this.prisma.$queryRaw<AvailabilityCountRow[]>`
      WITH baseline AS (
        SELECT d.id AS device_id, latest.status::text AS status
        FROM devices d
        CROSS JOIN LATERAL (
          SELECT e.status FROM device_status_events e
          WHERE e.device_id = d.id AND e.at <= ${from}::timestamptz
          ORDER BY e.at DESC, e.id DESC LIMIT 1
        ) latest
        WHERE d.decommissioned_at IS NULL OR d.decommissioned_at > ${from}::timestamptz
      ), changes AS (
        SELECT e.device_id, e.status::text AS status, e.at, e.id AS seq
        FROM device_status_events e JOIN devices d ON d.id = e.device_id
        WHERE e.at > ${from}::timestamptz AND e.at <= ${to}::timestamptz
          AND (d.decommissioned_at IS NULL OR e.at < d.decommissioned_at)
        UNION ALL
        -- Decommissioning, the device's last transition: out of both counts (seq after any event at that instant).
        SELECT d.id, 'decommissioned', d.decommissioned_at, 9223372036854775807
        FROM devices d
        WHERE d.decommissioned_at > ${from}::timestamptz AND d.decommissioned_at <= ${to}::timestamptz
      ), transitions AS (
        SELECT c.at, c.status,
          COALESCE(LAG(c.status) OVER (PARTITION BY c.device_id ORDER BY c.at, c.seq), b.status) AS previous
        FROM changes c LEFT JOIN baseline b ON b.device_id = c.device_id
      ), deltas AS (
        -- An event exactly at a bucket's end belongs to that bucket: its point shows the state after it.
        SELECT CEIL(EXTRACT(EPOCH FROM (t.at - ${from}::timestamptz)) / ${bucketSeconds}::numeric)::int AS bucket,
          SUM((t.status = 'online')::int - (t.previous IS NOT DISTINCT FROM 'online')::int) AS online,
          SUM((t.status = 'offline')::int - (t.previous IS NOT DISTINCT FROM 'offline')::int) AS offline
        FROM transitions t
        GROUP BY 1
      ), start AS (
        SELECT count(*) FILTER (WHERE status = 'online') AS online, count(*) FILTER (WHERE status = 'offline') AS offline
        FROM baseline
      )
      SELECT k AS bucket,
        (start.online + SUM(COALESCE(deltas.online, 0)) OVER (ORDER BY k))::int AS online,
        (start.offline + SUM(COALESCE(deltas.offline, 0)) OVER (ORDER BY k))::int AS offline
      FROM generate_series(1, ${count}::int) AS k
      CROSS JOIN start
      LEFT JOIN deltas ON deltas.bucket = k
      ORDER BY k`;
  }
}
