import { json } from 'body-parser';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { EdgeplaneError } from '@edgeplane/contracts';

/** What body-parser attaches to the errors it raises. */
interface BodyParserFailure extends Error {
  type?: string;
  limit?: number;
}

export class RequestBodyError extends EdgeplaneError {}

/**
 * No request body of the API nests deeper than a handful of levels. Validation walks a body
 * recursively (class-transformer), and 2,000 levels of `[` overflowed the stack into a 500: deeper
 * bodies are refused right after parsing, by a walk that does not recurse.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * JSON body parsing whose failures become Edgeplane errors with their own codes, so the problem filter
 * can tell an oversized or malformed body from any other 400 and say which it was.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const parse = json({ limit: limitBytes });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (error?: unknown) => {
      if (error) return next(describe(error as BodyParserFailure));
      if (nestedDeeperThan(req.body, MAX_JSON_DEPTH)) {
        return next(new RequestBodyError('invalid', 'request.too_deep', `The request body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep; no request of this API needs that many.`));
      }
      next();
    });
}

/** Whether `value` holds objects or arrays nested more than `limit` levels deep; iterative, so any depth is safe. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

function describe(error: BodyParserFailure): RequestBodyError {
  switch (error.type) {
    case 'entity.too.large':
      return new RequestBodyError(
        'too_large',
        'request.body_too_large',
        `The request body is larger than the limit of ${error.limit} bytes.`,
      );
    case 'entity.parse.failed':
      return new RequestBodyError('invalid', 'request.malformed_json', `The request body is not valid JSON: ${error.message}.`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new RequestBodyError('invalid', 'request.unsupported_encoding', `${error.message}; send UTF-8 JSON.`);
    default:
      return new RequestBodyError('invalid', 'request.unreadable_body', `The request body could not be read: ${error.message}.`);
  }
}
