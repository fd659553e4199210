import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { InvalidApiKeyError, InvalidDeviceCredentialsError, MissingCredentialsError } from '../auth.errors';
import { DeviceAuthenticator } from '../devices/device-authenticator';
import { ALLOW_DEVICE } from '../guard/allow-device.decorator';
import { Caller } from './caller';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const BASIC = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i;

/**
 * Identifies the caller of an HTTP request once: the rate limiter (which counts per caller) and the
 * role guard both ask, and the credentials are checked against the database only the first time.
 */
@Injectable()
export class CallerResolver {
  private readonly resolved = new WeakMap<Request, Promise<Caller>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly devices: DeviceAuthenticator,
  ) {}

  resolve(context: ExecutionContext): Promise<Caller> {
    const request = context.switchToHttp().getRequest<Request>();
    let caller = this.resolved.get(request);
    if (!caller) {
      const allowsDevice = this.reflector.getAllAndOverride<boolean>(ALLOW_DEVICE, [context.getHandler(), context.getClass()]);
      caller = this.identify(request.headers.authorization ?? '', allowsDevice === true);
      this.resolved.set(request, caller);
    }
    return caller;
  }

  private async identify(authorization: string, allowsDevice: boolean): Promise<Caller> {
    const basic = BASIC.exec(authorization)?.[1];
    if (basic && allowsDevice) {
      const deviceId = await this.authenticateDevice(basic);
      return deviceId ? { kind: 'device', deviceId } : { kind: 'anonymous', failure: new InvalidDeviceCredentialsError() };
    }
    const token = BEARER.exec(authorization)?.[1];
    if (!token) return { kind: 'anonymous', failure: new MissingCredentialsError() };
    const key = await this.apiKeys.authenticate(token);
    return key ? { kind: 'api_key', key } : { kind: 'anonymous', failure: new InvalidApiKeyError() };
  }

  private async authenticateDevice(basic: string): Promise<string | null> {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon > 0 ? this.devices.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1)) : null;
  }
}
