import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ApiKeyRole } from '@edgeplane/contracts';

/** The API key a request authenticated with, as the guard leaves it on the request. */
export interface AuthenticatedKey {
  id: string;
  name: string;
  role: ApiKeyRole;
}

export interface AuthenticatedRequest {
  apiKey?: AuthenticatedKey;
}

/** Injects the caller's key into a route handler. */
export const CallerKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedKey | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().apiKey,
);
