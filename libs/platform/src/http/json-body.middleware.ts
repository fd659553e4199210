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
 * JSON body parsing whose failures become Edgeplane errors with their own codes, so the problem filter
 * can tell an oversized or malformed body from any other 400 and say which it was.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const parse = json({ limit: limitBytes });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (error?: unknown) => next(error ? describe(error as BodyParserFailure) : undefined));
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
