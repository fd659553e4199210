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
    parse(req, res, (error?: unknown) => next(error ? describe(error as BodyParserFailure) : unfitBody(req.body)));
}

/**
 * What makes a well-formed JSON body unfit for the API, whatever its route: nesting deeper than
 * MAX_JSON_DEPTH, or a NUL character, which PostgreSQL cannot store in text (it failed the insert
 * into a 500). Walks without recursion, so any depth is safe to check.
 */
function unfitBody(body: unknown): RequestBodyError | undefined {
  const pending: [unknown, string, number][] = [[body, '', 0]];
  while (pending.length > 0) {
    const [value, path, depth] = pending.pop()!;
    if (typeof value === 'string' && value.includes('\0')) return nulIn(path || 'the body');
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      return new RequestBodyError('invalid', 'request.too_deep', `The request body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep; no request of this API needs that many.`);
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (key.includes('\0')) return nulIn(`the field name ${JSON.stringify(childPath)}`);
      pending.push([child, childPath, depth + 1]);
    }
  }
  return undefined;
}

function nulIn(where: string): RequestBodyError {
  return new RequestBodyError('invalid', 'request.invalid', `${where}: holds a NUL character (\\u0000), which no text of this API may contain; remove it.`);
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
