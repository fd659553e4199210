import { SetMetadata } from '@nestjs/common';
import type { ApiKeyRole } from '@edgeplane/contracts';

export const REQUIRED_ROLE = 'edgeplane:required-role';

/**
 * The least role a route needs. Every non-public route must say; the guard refuses routes that do
 * not, so a forgotten decorator fails closed instead of open.
 */
export const RequireRole = (role: ApiKeyRole) => SetMetadata(REQUIRED_ROLE, role);
