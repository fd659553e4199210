import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  normalizeIp,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerRequest,
  ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { EdgeplaneConfig, IS_PUBLIC } from '@edgeplane/platform';
import { Caller } from '../callers/caller';
import { CallerResolver } from '../callers/caller-resolver';
import { RateLimitedError } from './rate-limit.errors';

/**
 * Limits requests per caller across every route and every controller replica (the counters live in
 * Redis): per API key, per device for its downloads, and per client address for requests without valid
 * credentials (key guessing). Runs before the role guard so that refused attempts count too. Health
 * and readiness (@Public) are exempt. Headers follow the IETF RateLimit draft: RateLimit-Limit,
 * RateLimit-Remaining, RateLimit-Reset (seconds), RateLimit-Policy; a 429 also has Retry-After.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly callers: CallerResolver,
    private readonly config: EdgeplaneConfig,
  ) {
    super(options, storage, reflector);
    this.headerPrefix = 'RateLimit';
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true;
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const caller = await this.callers.resolve(props.context);
    const { req, res } = this.getRequestResponse(props.context);
    const limit = this.limitOf(caller);
    const tracker = trackerOf(caller, req as Request);
    res.setHeader('RateLimit-Policy', `${limit};w=${this.config.EDGEPLANE_RATE_LIMIT_WINDOW_SECONDS}`);
    return super.handleRequest({
      ...props,
      limit,
      getTracker: async () => tracker,
      // One counter per caller for all routes, per installation (the queue prefix separates installations sharing a Redis).
      generateKey: () => `${this.config.EDGEPLANE_QUEUE_PREFIX}:rate-limit:${tracker}`,
    });
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader('RateLimit-Limit', detail.limit);
    response.setHeader('RateLimit-Remaining', 0);
    response.setHeader('RateLimit-Reset', detail.timeToBlockExpire);
    const caller = await this.callers.resolve(context);
    throw new RateLimitedError(describe(caller), detail.limit, this.config.EDGEPLANE_RATE_LIMIT_WINDOW_SECONDS, detail.timeToBlockExpire);
  }

  private limitOf(caller: Caller): number {
    if (caller.kind === 'api_key') return this.config.EDGEPLANE_RATE_LIMIT_PER_KEY;
    if (caller.kind === 'device') return this.config.EDGEPLANE_RATE_LIMIT_PER_DEVICE;
    return this.config.EDGEPLANE_RATE_LIMIT_PER_ANONYMOUS_IP;
  }
}

function trackerOf(caller: Caller, request: Request): string {
  if (caller.kind === 'api_key') return `key:${caller.key.id}`;
  if (caller.kind === 'device') return `device:${caller.deviceId}`;
  // An IPv6 client controls its whole /64: count the prefix, not each address.
  return `ip:${normalizeIp(request.ip ?? request.socket.remoteAddress ?? 'unknown')}`;
}

function describe(caller: Caller): string {
  if (caller.kind === 'api_key') return `API key "${caller.key.name}"`;
  if (caller.kind === 'device') return `Device ${caller.deviceId}`;
  return 'This address, without valid credentials,';
}
