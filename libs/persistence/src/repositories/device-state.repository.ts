import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import type { AssignmentPhase, AssignmentState, DeviceStatusEvent } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';

export type AssignmentStateRow = AssignmentState;
export type DeviceStatusEventRow = DeviceStatusEvent;

/** One assignment of a reported-state message. */
export interface ReportedAssignmentRow {
  model: string;
  variantId: string;
  state: AssignmentPhase;
  reason: string | null;
  activeVariantId: string | null;
  lastKnownGoodVariantId: string | null;
  receivedBytes: number | null;
  totalBytes: number | null;
}

/** A reported-state message as stored. */
export interface DeviceReport {
  deviceId: string;
  appliedRevision: number;
  revision: number;
  assignments: ReportedAssignmentRow[];
  /** The device's clock when it sent the report. */
  reportedAt: Date;
  receivedAt: Date;
}

/** What an agent says about itself when it connects. */
export interface AgentFacts {
  version: string;
  /** libs/contracts Capabilities. */
  capabilities: object;
}

/** Why a device went online or offline (device_status_events.cause). */
export type StatusCause = 'connect' | 'will' | 'shutdown' | 'heartbeat_timeout' | 'heard';

/** What the agents report about themselves: assignment states, presence and status transitions. */
@Injectable()
export class DeviceStateRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores a batch of reports in one transaction. A report is the device's whole state: only the
   * newest by device clock counts, so one delivered late (a QoS 1 redelivery after a reconnect)
   * changes nothing, and models a report no longer lists are dropped. Of several reports of one
   * device in the batch only the newest counts, and of one model listed twice in a report, the last.
   */
  async applyReports(reports: DeviceReport[]): Promise<void> {
    const candidates = newestPerDevice(reports);
    if (candidates.length === 0) return;
    await this.prisma.$transaction(async (tx) => {
      // Device rows in id order, as markHeard and the wave writer lock them: batches never deadlock.
      // The lock also orders two batches holding reports of one device, so the newer always wins.
      const devices = await tx.$queryRaw<{ id: string; reported_at: Date | null }[]>`
        SELECT id::text, reported_at FROM devices WHERE id = ANY(${candidates.map(({ deviceId }) => deviceId)}::uuid[]) ORDER BY id FOR NO KEY UPDATE`;
      const newestStored = new Map(devices.map((row) => [row.id, row.reported_at]));
      // A report older than the device's newest one changes nothing (it would bring back a model the
      // newer report dropped).
      const newest = candidates.filter(({ deviceId, reportedAt }) => {
        const stored = newestStored.get(deviceId);
        return stored !== undefined && (stored === null || stored <= reportedAt);
      });
      if (newest.length === 0) return;
      const assignments = newest.flatMap((report) => lastPerModel(report.assignments).map((assignment) => ({ report, assignment })));
      const column = <T>(pick: (row: (typeof assignments)[number]) => T) => assignments.map(pick);
      const time = (value: Date) => value.toISOString();
      // The upsert and the delete touch different rows (listed models, unlisted ones), so one
      // statement does both; rows are upserted in (device, model) order, the order every batch and
      // replica locks them in.
      await tx.$executeRaw`
        WITH upserted AS (
          INSERT INTO assignment_states (device_id, model, variant_id, state, reason, active_variant_id,
            last_known_good_variant_id, received_bytes, total_bytes, revision, reported_at, received_at)
          SELECT * FROM unnest(${column(({ report }) => report.deviceId)}::uuid[], ${column(({ assignment }) => assignment.model)}::text[],
            ${column(({ assignment }) => assignment.variantId)}::uuid[], ${column(({ assignment }) => assignment.state)}::text[]::"AssignmentPhase"[],
            ${column(({ assignment }) => assignment.reason)}::text[], ${column(({ assignment }) => assignment.activeVariantId)}::uuid[],
            ${column(({ assignment }) => assignment.lastKnownGoodVariantId)}::uuid[], ${column(({ assignment }) => assignment.receivedBytes)}::bigint[],
            ${column(({ assignment }) => assignment.totalBytes)}::bigint[], ${column(({ report }) => report.revision)}::int[],
            ${column(({ report }) => time(report.reportedAt))}::timestamptz[], ${column(({ report }) => time(report.receivedAt))}::timestamptz[])
          ORDER BY 1, 2
          ON CONFLICT (device_id, model) DO UPDATE SET
            variant_id = excluded.variant_id, state = excluded.state, reason = excluded.reason,
            active_variant_id = excluded.active_variant_id,
            last_known_good_variant_id = excluded.last_known_good_variant_id,
            received_bytes = excluded.received_bytes, total_bytes = excluded.total_bytes,
            revision = excluded.revision, reported_at = excluded.reported_at, received_at = excluded.received_at
          WHERE assignment_states.reported_at <= excluded.reported_at
        ), unlisted AS (
          DELETE FROM assignment_states a
          USING unnest(${newest.map(({ deviceId }) => deviceId)}::uuid[], ${newest.map(({ reportedAt }) => time(reportedAt))}::timestamptz[])
            AS r(device_id, reported_at)
          WHERE a.device_id = r.device_id AND a.reported_at < r.reported_at
            AND (a.device_id, a.model) NOT IN (
              SELECT * FROM unnest(${column(({ report }) => report.deviceId)}::uuid[], ${column(({ assignment }) => assignment.model)}::text[]))
        )
        UPDATE devices d SET reported_at = r.reported_at,
          applied_revision = CASE WHEN d.applied_revision IS NULL OR d.applied_revision < r.applied THEN r.applied ELSE d.applied_revision END
        FROM unnest(${newest.map(({ deviceId }) => deviceId)}::uuid[], ${newest.map(({ appliedRevision }) => appliedRevision)}::int[],
                    ${newest.map(({ reportedAt }) => time(reportedAt))}::timestamptz[]) AS r(id, applied, reported_at)
        WHERE d.id = r.id`;
    });
  }

  /** The latest report of each of these devices about one model (devices that never reported it are absent). */
  async assignmentsOfModel(deviceIds: string[], model: string): Promise<AssignmentStateRow[]> {
    return this.prisma.assignmentState.findMany({ where: { deviceId: { in: deviceIds }, model } });
  }

  async assignments(deviceId: string): Promise<AssignmentStateRow[]> {
    return this.prisma.assignmentState.findMany({ where: { deviceId }, orderBy: { model: 'asc' } });
  }

  /**
   * Records that these devices were heard from at `at`: last-seen moves forward, and each one not
   * `online` becomes online with a status event. Decommissioned devices are left alone. Returns the
   * ids that were known and not decommissioned (the others' messages are refused).
   */
  async markHeard(deviceIds: string[], at: Date, cause: StatusCause): Promise<Set<string>> {
    const sorted = [...new Set(deviceIds)].sort(); // one lock order for every replica: no deadlocks
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      WITH locked AS (
        SELECT id, status FROM devices
        WHERE id = ANY(${sorted}::uuid[]) AND status <> 'decommissioned'
        ORDER BY id FOR UPDATE
      ), updated AS (
        UPDATE devices d SET
          last_seen_at = GREATEST(d.last_seen_at, ${at}),
          status = 'online',
          updated_at = CASE WHEN locked.status <> 'online' THEN now() ELSE d.updated_at END
        FROM locked WHERE d.id = locked.id
        RETURNING d.id, locked.status AS was
      ), events AS (
        INSERT INTO device_status_events (device_id, status, cause, at)
        SELECT id, 'online', ${cause}, ${at} FROM updated WHERE was <> 'online'
      )
      SELECT id::text FROM updated`;
    return new Set(rows.map(({ id }) => id));
  }

  /**
   * A connection announced itself online (`sentAt` by the device's clock). Ignored if an `online` of
   * a later connection was applied already. Returns false for an unknown or decommissioned device.
   */
  async markOnline(deviceId: string, session: string, sentAt: Date, at: Date, agent: AgentFacts): Promise<boolean> {
    return this.applyPresence(deviceId, 'online', session, sentAt, at, 'connect', agent);
  }

  /**
   * A connection ended (its last will, or a clean shutdown). Only the connection the device is
   * online with can take it offline: a will of an earlier connection, delivered after the next
   * connection's `online`, is stale. Returns false for an unknown or decommissioned device.
   */
  async markOffline(deviceId: string, session: string, at: Date, cause: StatusCause): Promise<boolean> {
    return this.applyPresence(deviceId, 'offline', session, null, at, cause, null);
  }

  private async applyPresence(
    deviceId: string,
    status: 'online' | 'offline',
    session: string,
    sentAt: Date | null,
    at: Date,
    cause: StatusCause,
    agent: AgentFacts | null,
  ): Promise<boolean> {
    const applies =
      status === 'online'
        ? Prisma.sql`(target.presence_at IS NULL OR target.presence_at <= ${sentAt})`
        : Prisma.sql`(target.presence_session IS NULL OR target.presence_session = ${session}::uuid)`;
    const known = await this.prisma.$queryRaw<{ id: string }[]>`
      WITH target AS (
        SELECT id, status, presence_at, presence_session FROM devices
        WHERE id = ${deviceId}::uuid AND status <> 'decommissioned' FOR UPDATE
      ), updated AS (
        UPDATE devices d SET status = ${status}::"DeviceStatus",
          presence_session = ${session}::uuid,
          presence_at = COALESCE(${sentAt}, d.presence_at),
          agent_version = COALESCE(${agent?.version ?? null}, d.agent_version),
          capabilities = COALESCE(${agent ? JSON.stringify(agent.capabilities) : null}::jsonb, d.capabilities),
          last_seen_at = CASE WHEN ${status} = 'online' THEN GREATEST(d.last_seen_at, ${at}) ELSE d.last_seen_at END,
          updated_at = CASE WHEN target.status <> ${status}::"DeviceStatus" THEN now() ELSE d.updated_at END
        FROM target
        WHERE d.id = target.id AND ${applies}
        RETURNING d.id, target.status AS was
      ), events AS (
        INSERT INTO device_status_events (device_id, status, cause, at)
        SELECT id, ${status}::"DeviceStatus", ${cause}, ${at} FROM updated WHERE was <> ${status}::"DeviceStatus"
      )
      SELECT id::text FROM target`;
    return known.length > 0;
  }

  /** Marks offline every online device not heard from since `silentSince`; returns their ids. */
  async markSilentOffline(silentSince: Date): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      WITH updated AS (
        UPDATE devices SET status = 'offline', updated_at = now()
        WHERE status = 'online' AND last_seen_at < ${silentSince}
        RETURNING id
      ), events AS (
        INSERT INTO device_status_events (device_id, status, cause, at)
        SELECT id, 'offline', 'heartbeat_timeout', now() FROM updated
      )
      SELECT id::text FROM updated`;
    return rows.map(({ id }) => id);
  }

  async statusEvents(deviceId: string, limit: number): Promise<DeviceStatusEventRow[]> {
    return this.prisma.deviceStatusEvent.findMany({ where: { deviceId }, orderBy: { id: 'desc' }, take: limit });
  }
}

/** The newest report of each device (by its clock; of equal ones, the later in the list), in device order. */
function newestPerDevice(reports: DeviceReport[]): DeviceReport[] {
  const newest = new Map<string, DeviceReport>();
  for (const report of reports) {
    const kept = newest.get(report.deviceId);
    if (!kept || kept.reportedAt <= report.reportedAt) newest.set(report.deviceId, report);
  }
  return [...newest.values()].sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
}

/** A report listing one model twice (nothing stops a device from sending that) counts its last entry. */
function lastPerModel(assignments: ReportedAssignmentRow[]): ReportedAssignmentRow[] {
  return [...new Map(assignments.map((assignment) => [assignment.model, assignment])).values()];
}
