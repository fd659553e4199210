export * from './audit.module';
export * from './audit-trail.middleware';
export * from './audit-retention.service';
