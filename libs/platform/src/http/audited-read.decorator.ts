import { SetMetadata } from '@nestjs/common';

export const AUDITED_READ = 'edgeplane:audited-read';

/**
 * A GET route that the audit log records like a write, because what it hands out is worth knowing
 * about (a model file: the operator's intellectual property). Writes are always recorded.
 */
export const AuditedRead = () => SetMetadata(AUDITED_READ, true);
