import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuthenticatedDeviceRequest, AuthenticatedRequest } from '@edgeplane/auth';
import type { NewAuditEvent } from '@edgeplane/persistence';
import { requestIdOf } from '@edgeplane/platform';
import { auditContextOf } from './audit-context';
import { AuditRecorder } from './audit-recorder.service';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const USER_AGENT_MAX = 256;

type AuditedRequest = Request & AuthenticatedRequest & AuthenticatedDeviceRequest;

/**
 * Records every write and every @AuditedRead request, refused ones included, with who, what, when,
 * from where and the outcome. The event is written before the first byte of the response body leaves:
 * the response's first `write` or `end` (and every later one, in order) waits until the row is in, so
 * a client that has its answer has its audit record (unless the database failed, see AuditRecorder).
 * A streamed download is therefore recorded with the status it started with; a client that goes away
 * before any answer is recorded with status 0.
 *
 * Not recorded: 429s (the rate limiter refused them without touching the database; a flood must not
 * become a flood of writes) and devices downloading their own assigned artifacts (one row per
 * range request of every device of a rollout; the deployment that assigned them is recorded).
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly recorder: AuditRecorder) {}

  readonly middleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    if (!WRITE_METHODS.has(req.method) && req.method !== 'GET') return next();
    const request = req as AuditedRequest;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    let recorded: Promise<void> | undefined;
    let open = false;
    // The first body call decides: not audited opens the gate at once; audited waits for the row.
    const gate = (): Promise<void> | undefined => {
      if (open) return undefined;
      if (!recorded && !shouldRecord(request, res.statusCode)) {
        open = true;
        return undefined;
      }
      recorded ??= this.recorder.record(eventOf(request, res, res.statusCode)).then(() => {
        open = true;
      });
      return recorded;
    };

    res.write = ((...args: unknown[]) => {
      const waiting = gate();
      if (!waiting) return write(...args);
      // Backpressure: false makes a piping source wait for 'drain', which comes once the chunk is out.
      void waiting.then(() => write(...args) && res.emit('drain'));
      return false;
    }) as Response['write'];
    res.end = ((...args: unknown[]) => {
      const waiting = gate();
      if (!waiting) return end(...args);
      void waiting.then(() => end(...args));
      return res;
    }) as Response['end'];
    res.once('close', () => {
      if (!recorded && !res.headersSent && shouldRecord(request, res.statusCode)) recorded = this.recorder.record(eventOf(request, res, 0));
    });
    next();
  };
}

function shouldRecord(req: AuditedRequest, status: number): boolean {
  if (status === 429) return false;
  if (WRITE_METHODS.has(req.method)) return true;
  return auditContextOf(req)?.auditedRead === true && req.deviceId === undefined;
}

function eventOf(req: AuditedRequest, res: Response, status: number): NewAuditEvent {
  const context = auditContextOf(req);
  const userAgent = req.get('user-agent');
  return {
    at: new Date(),
    ...actorOf(req),
    method: req.method,
    route: context?.route ?? req.path,
    resource: context?.resource ?? {},
    summary: context?.summary ?? 'refused before reaching a route',
    status,
    errorCode: status === 0 ? 'request.aborted' : status >= 400 ? ((res.locals.problemCode as string | undefined) ?? `http.${status}`) : null,
    clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    userAgent: userAgent ? userAgent.slice(0, USER_AGENT_MAX) : null,
    requestId: requestIdOf(req),
  };
}

function actorOf(req: AuditedRequest): Pick<NewAuditEvent, 'actorKind' | 'actorId' | 'actorName' | 'actorRole'> {
  if (req.apiKey) return { actorKind: 'api_key', actorId: req.apiKey.id, actorName: req.apiKey.name, actorRole: req.apiKey.role };
  if (req.deviceId) return { actorKind: 'device', actorId: req.deviceId, actorName: null, actorRole: null };
  return { actorKind: 'anonymous', actorId: null, actorName: null, actorRole: null };
}
