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

/** The device a request authenticated as (routes with @AllowDevice()), as the guard leaves it. */
export interface AuthenticatedDeviceRequest {
  deviceId?: string;
}

/** Injects the id of the device the request authenticated as, or undefined for an API key. */
export const CallerDevice = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined =>
    context.switchToHttp().getRequest<AuthenticatedDeviceRequest>().deviceId,
);
