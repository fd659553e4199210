import { Injectable } from '@nestjs/common';
import { AuditEventView, Page } from '@edgeplane/contracts';
import { AuditEventRepository, AuditEventRow } from '@edgeplane/persistence';
import { ListAuditEventsQuery } from './dto/list-audit-events.query';

@Injectable()
export class AuditEventsService {
  constructor(private readonly events: AuditEventRepository) {}

  /** Newest first; one row more than asked says whether there is a next page. */
  async list(query: ListAuditEventsQuery): Promise<Page<AuditEventView>> {
    const filter = { actorId: query.actor, route: query.route, resource: query.resource, from: query.from, to: query.to };
    const rows = await this.events.list(filter, query.limit + 1, query.cursor);
    const items = rows.slice(0, query.limit);
    return { items: items.map(toView), nextCursor: rows.length > query.limit ? items[items.length - 1].id : null };
  }
}

function toView(row: AuditEventRow): AuditEventView {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: { kind: row.actorKind, id: row.actorId, name: row.actorName, role: row.actorRole },
    method: row.method,
    route: row.route,
    resource: row.resource as Record<string, string>,
    summary: row.summary,
    status: row.status,
    errorCode: row.errorCode,
    clientIp: row.clientIp,
    userAgent: row.userAgent,
    requestId: row.requestId,
  };
}
