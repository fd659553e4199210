import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeyRole, roleSatisfies } from '@edgeplane/contracts';
import { IS_PUBLIC } from '@edgeplane/platform';
import { ApiKeysService } from '../api-keys/api-keys.service';
import {
  InsufficientRoleError,
  InvalidApiKeyError,
  InvalidDeviceCredentialsError,
  MissingCredentialsError,
  UndeclaredRoleError,
} from '../auth.errors';
import { DeviceAuthenticator } from '../devices/device-authenticator';
import { ALLOW_DEVICE } from './allow-device.decorator';
import { AuthenticatedDeviceRequest, AuthenticatedRequest } from './authenticated-key';
import { REQUIRED_ROLE } from './require-role.decorator';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const BASIC = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i;

/**
 * Global guard for HTTP: 401 when the request carries no valid API key, 403 when the key's role is below the
 * route's. Routes marked @Public() skip it; routes marked @AllowDevice() also take a device's Basic
 * credentials.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly devices: DeviceAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Device messages over MQTT are authenticated by the broker and checked at their own door.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest & AuthenticatedDeviceRequest>();
    const basic = BASIC.exec(request.headers.authorization ?? '')?.[1];
    if (basic && this.reflector.getAllAndOverride<boolean>(ALLOW_DEVICE, targets)) {
      request.deviceId = await this.authenticateDevice(basic);
      return true;
    }
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

  private async authenticateDevice(basic: string): Promise<string> {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const deviceId = colon > 0 ? await this.devices.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1)) : null;
    if (!deviceId) throw new InvalidDeviceCredentialsError();
    return deviceId;
  }
}
