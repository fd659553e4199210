import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeyRole, roleSatisfies } from '@edgeplane/contracts';
import { IS_PUBLIC } from '@edgeplane/platform';
import { ApiKeysService } from '../api-keys/api-keys.service';
import {
  InsufficientRoleError,
  InvalidApiKeyError,
  MissingCredentialsError,
  UndeclaredRoleError,
} from '../auth.errors';
import { AuthenticatedRequest } from './authenticated-key';
import { REQUIRED_ROLE } from './require-role.decorator';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Global guard: 401 when the request carries no valid API key, 403 when the key's role is below the
 * route's. Routes marked @Public() skip it.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new MissingCredentialsError();
    const key = await this.apiKeys.authenticate(token);
    if (!key) throw new InvalidApiKeyError();

    const required = this.reflector.getAllAndOverride<ApiKeyRole>(REQUIRED_ROLE, targets);
    if (!required) throw new UndeclaredRoleError(`${request.method} ${request.route?.path ?? request.path}`);
    if (!roleSatisfies(key.role, required)) throw new InsufficientRoleError(key.role, required);
    request.apiKey = key;
    return true;
  }
}
