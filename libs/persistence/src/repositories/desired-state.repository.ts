import { Injectable } from '@nestjs/common';
import type { DesiredRevision, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';

export type DesiredRevisionRow = DesiredRevision;

/** Desired-state history of devices, with the outbox mark that says whether the broker has it. */
@Injectable()
export class DesiredStateRepository {
  constructor(private readonly prisma: PrismaService) {}

  async current(deviceId: string): Promise<DesiredRevisionRow | null> {
    return this.prisma.desiredRevision.findFirst({ where: { deviceId }, orderBy: { revision: 'desc' } });
  }

  /**
   * Appends the next revision of a device's desired state. The device row is locked for the
   * transaction, so concurrent writers get consecutive revisions instead of a conflict. A writer
   * that built its document from revision `basedOn` (0: none yet) gets DesiredRevisionMovedError
   * when another revision landed since, instead of overwriting it.
   */
  async append(
    deviceId: string,
    document: (revision: number) => Prisma.InputJsonObject,
    createdById: string | null,
    basedOn?: number,
  ): Promise<DesiredRevisionRow> {
    return this.prisma.$transaction(async (tx) => {
      // NO KEY UPDATE serialises the device's desired-state writers without blocking rows that merely
      // reference the device (telemetry, a deployment being planned), whose foreign keys take KEY SHARE.
      await tx.$queryRaw`SELECT id FROM devices WHERE id = ${deviceId}::uuid FOR NO KEY UPDATE`;
      const last = await tx.desiredRevision.findFirst({ where: { deviceId }, orderBy: { revision: 'desc' }, select: { revision: true } });
      if (basedOn !== undefined && (last?.revision ?? 0) !== basedOn) {
        throw new DesiredRevisionMovedError(deviceId, basedOn, last?.revision ?? 0);
      }
      const revision = (last?.revision ?? 0) + 1;
      return tx.desiredRevision.create({ data: { deviceId, revision, document: document(revision), createdById } });
    });
  }

  /**
   * Runs `publish` with the device's current revision while holding a per-device advisory lock, and
   * marks it published when `publish` resolves. Publishers of one device (on any replica) therefore
   * take turns, and the retained message the broker ends up with is always the latest revision.
   */
  async publishCurrent(deviceId: string, publish: (row: DesiredRevisionRow) => Promise<void>): Promise<DesiredRevisionRow | null> {
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`desired:${deviceId}`}, 0))`;
        const row = await tx.desiredRevision.findFirst({ where: { deviceId }, orderBy: { revision: 'desc' } });
        if (!row) return null;
        if (row.publishedAt) return row;
        await publish(row);
        return tx.desiredRevision.update({
          where: { deviceId_revision: { deviceId, revision: row.revision } },
          data: { publishedAt: new Date() },
        });
      },
      // A broker round trip happens inside: bounded by the publisher's own 10 s timeout, within the
      // process's transaction limit (PrismaService).
    );
  }

  /**
   * `publishCurrent` for many devices in one transaction: the advisory locks of all of them (in one
   * order, so two batches never deadlock), their current revisions the broker does not have yet handed
   * to `publish` together, then all marked published. A failed `publish` marks none: the outbox keeps them.
   */
  async publishCurrentMany(deviceIds: string[], publish: (rows: DesiredRevisionRow[]) => Promise<void>): Promise<void> {
    const ordered = [...new Set(deviceIds)].sort();
    await this.prisma.$transaction(
      async (tx) => {
        // unnest yields the (sorted) array in its order, so the locks are taken in that order.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('desired:' || id, 0)) FROM unnest(${ordered}::text[]) AS id`;
        const latest = await tx.$queryRaw<{ device_id: string; revision: number; document: Prisma.JsonValue; published_at: Date | null; created_by_id: string | null; created_at: Date }[]>`
          SELECT DISTINCT ON (device_id) device_id, revision, document, published_at, created_by_id, created_at FROM desired_revisions
          WHERE device_id = ANY(${ordered}::uuid[]) ORDER BY device_id, revision DESC`;
        const current: DesiredRevisionRow[] = latest
          .filter((row) => row.published_at === null)
          .map((row) => ({ deviceId: row.device_id, revision: row.revision, document: row.document, publishedAt: null, createdById: row.created_by_id, createdAt: row.created_at }));
        if (current.length === 0) return;
        await publish(current);
        await tx.$executeRaw`
          UPDATE desired_revisions d SET published_at = now()
          FROM unnest(${current.map((row) => row.deviceId)}::uuid[], ${current.map((row) => row.revision)}::int[]) AS p(device_id, revision)
          WHERE d.device_id = p.device_id AND d.revision = p.revision`;
      },
      // Broker round trips happen inside: each bounded by the publisher's own timeout, as above.
    );
  }

  /**
   * Puts every device's current revision back in the outbox. After a broker restart the retained
   * messages may be gone (a broker without persistence forgets them); republishing is harmless
   * where they survived, since agents ignore a revision they have.
   */
  async markAllCurrentUnpublished(): Promise<number> {
    return this.prisma.$executeRaw`
      UPDATE desired_revisions d SET published_at = NULL
      WHERE published_at IS NOT NULL
        AND revision = (SELECT max(revision) FROM desired_revisions latest WHERE latest.device_id = d.device_id)`;
  }

  /** Devices whose latest revision the broker has not acknowledged yet (the outbox). */
  async devicesWithUnpublished(limit: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ device_id: string }[]>`
      SELECT pending.device_id FROM desired_revisions pending
      WHERE pending.published_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM desired_revisions newer
                        WHERE newer.device_id = pending.device_id AND newer.revision > pending.revision)
      LIMIT ${limit}`;
    return rows.map((row) => row.device_id);
  }
}

/**
 * A read-modify-write of a device's desired state lost the race: another revision was written after
 * the one it read. Not a request error: the writer reads again and retries.
 */
export class DesiredRevisionMovedError extends Error {
  constructor(deviceId: string, basedOn: number, current: number) {
    super(`device ${deviceId}'s desired state moved from revision ${basedOn} to ${current} meanwhile`);
    this.name = 'DesiredRevisionMovedError';
  }
}
