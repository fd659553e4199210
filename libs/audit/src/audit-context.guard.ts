import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger/dist/constants';
import type { Request } from 'express';
import { AUDITED_READ } from '@edgeplane/platform';
import { setAuditContext } from './audit-context';

/**
 * Lets every request through after noting, for the audit trail, which route it reached and what that
 * route does. It is a global guard so that it runs before the rate-limit and role guards refuse
 * anything: a refused attempt is recorded with its route too. AuditModule must therefore be imported
 * before AuthModule (global guards run in module order); test/api/audit-log.test.ts checks a 403.
 */
@Injectable()
export class AuditContextGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const targets = [context.getHandler(), context.getClass()];
    const operation = this.reflector.get<{ summary?: string } | undefined>(DECORATORS.API_OPERATION, context.getHandler());
    setAuditContext(request, {
      route: request.route?.path ?? request.path,
      resource: { ...(request.params as Record<string, string>) },
      summary: operation?.summary ?? `${context.getClass().name.replace(/Controller$/, '')}.${context.getHandler().name}`,
      auditedRead: this.reflector.getAllAndOverride<boolean>(AUDITED_READ, targets) === true,
    });
    return true;
  }
}
