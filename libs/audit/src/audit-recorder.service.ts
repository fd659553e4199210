import { Injectable, Logger } from '@nestjs/common';
import { AuditEventRepository, NewAuditEvent } from '@edgeplane/persistence';

/**
 * Writes audit events. A failed write cannot undo what the request did, so it is not turned into an
 * error for the caller: it is logged at error level with the whole event (which holds no secrets), so
 * that the log collector keeps the record the table could not.
 */
@Injectable()
export class AuditRecorder {
  private readonly logger = new Logger('AuditTrail');

  constructor(private readonly events: AuditEventRepository) {}

  /** Never rejects. */
  async record(event: NewAuditEvent): Promise<void> {
    try {
      await this.events.append(event);
    } catch (error) {
      this.logger.error({ auditEvent: event, err: error }, `audit event NOT written (${(error as Error).message}); the event is in this log line`);
    }
  }
}
