import type { NextFunction, Request, Response } from 'express';
import { RequestBodyError } from './json-body.middleware';

/**
 * Refuses a URL whose path or query holds an encoded NUL (`%00`): PostgreSQL cannot compare or store
 * text with NUL, and `GET /devices?hardwareProfile=a%00b` reached it as a 500. Node's parser already
 * refuses a raw NUL in the request line, so the encoded form is the only way one arrives.
 */
export function refuseNulInUrl(req: Request, _res: Response, next: NextFunction): void {
  if (!/%00/.test(req.url)) return next();
  next(new RequestBodyError('invalid', 'request.invalid', 'The URL holds an encoded NUL character (%00), which no path or parameter of this API may contain; remove it.'));
}
