import { Injectable } from '@nestjs/common';
import { AuditActorKind, AuditEvent, ApiKeyRole, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';

export type AuditEventRow = AuditEvent;

export interface NewAuditEvent {
  at: Date;
  actorKind: AuditActorKind;
  actorId: string | null;
  actorName: string | null;
  actorRole: ApiKeyRole | null;
  method: string;
  route: string;
  resource: Record<string, string>;
  summary: string;
  status: number;
  errorCode: string | null;
  clientIp: string;
  userAgent: string | null;
  requestId: string;
}

/** Which events a listing returns; every given filter must hold. */
export interface AuditEventFilter {
  actorId?: string;
  route?: string;
  /** Any route parameter equal to this (a device id, a model name, …). */
  resource?: string;
  from?: Date;
  to?: Date;
}

/**
 * The audit log, append-only: rows are added and, past retention, deleted; there is no update (the
 * table's trigger refuses one too).
 */
@Injectable()
export class AuditEventRepository {
  constructor(private readonly prisma: PrismaService) {}

  async append(event: NewAuditEvent): Promise<void> {
    await this.prisma.auditEvent.create({ data: { ...event, resourceIds: Object.values(event.resource) } });
  }

  /** Newest first (ids are UUIDv7, so id order is time order); `before` is the last id of the previous page. */
  list(filter: AuditEventFilter, limit: number, before?: string): Promise<AuditEventRow[]> {
    const where: Prisma.AuditEventWhereInput = {
      ...(before ? { id: { lt: before } } : {}),
      ...(filter.actorId ? { actorId: filter.actorId } : {}),
      ...(filter.route ? { route: filter.route } : {}),
      ...(filter.resource ? { resourceIds: { has: filter.resource } } : {}),
      ...(filter.from || filter.to ? { at: { gte: filter.from, lt: filter.to } } : {}),
    };
    return this.prisma.auditEvent.findMany({ where, orderBy: { id: 'desc' }, take: limit });
  }

  /** Deletes events recorded before `before`; returns how many. */
  async pruneBefore(before: Date): Promise<number> {
    return (await this.prisma.auditEvent.deleteMany({ where: { at: { lt: before } } })).count;
  }
}
