import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeyRole, roleSatisfies } from '@edgeplane/contracts';
import { IS_PUBLIC } from '@edgeplane/platform';
import { InsufficientRoleError, UndeclaredRoleError } from '../auth.errors';
import { CallerResolver } from '../callers/caller-resolver';
import { AuthenticatedDeviceRequest, AuthenticatedRequest } from './authenticated-key';
import { REQUIRED_ROLE } from './require-role.decorator';

/**
 * Global guard for HTTP: 401 when the request carries no valid API key, 403 when the key's role is below the
 * route's. Routes marked @Public() skip it; routes marked @AllowDevice() also take a device's Basic
 * credentials.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly callers: CallerResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Device messages over MQTT are authenticated by the broker and checked at their own door.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest & AuthenticatedDeviceRequest>();
    const caller = await this.callers.resolve(context);
    if (caller.kind === 'device') {
      request.deviceId = caller.deviceId;
      return true;
    }
    if (caller.kind === 'anonymous') throw caller.failure;

    // Known before the role check, so that a refused attempt is recorded with the key that made it.
    request.apiKey = caller.key;
    const required = this.reflector.getAllAndOverride<ApiKeyRole>(REQUIRED_ROLE, targets);
    if (!required) throw new UndeclaredRoleError(`${request.method} ${request.route?.path ?? request.path}`);
    if (!roleSatisfies(caller.key.role, required)) throw new InsufficientRoleError(caller.key.role, required);
    return true;
  }
}
