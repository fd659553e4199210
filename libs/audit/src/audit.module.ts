import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditContextGuard } from './audit-context.guard';
import { AuditEventsController } from './audit-events.controller';
import { AuditEventsService } from './audit-events.service';
import { AuditRecorder } from './audit-recorder.service';
import { AuditRetentionService } from './audit-retention.service';
import { AuditTrail } from './audit-trail.middleware';

/**
 * The audit log: AuditTrail (an Express middleware the app installs before body parsing, see
 * controller.app.ts) records requests; GET /audit-events reads them. Import before AuthModule: its
 * guard must run before the role guard can refuse a request.
 */
@Module({
  controllers: [AuditEventsController],
  providers: [AuditRecorder, AuditTrail, AuditEventsService, AuditRetentionService, { provide: APP_GUARD, useClass: AuditContextGuard }],
  exports: [AuditTrail],
})
export class AuditModule {}
