import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EdgeplaneError, HTTP_STATUS_OF_KIND } from '@edgeplane/contracts';
import {
  Problem,
  PROBLEM_CONTENT_TYPE,
  problemType,
  titleOf,
} from './problem';

/**
 * The HTTP transport's one error filter: every error leaves as application/problem+json. Domain
 * errors map by kind; anything unexpected is logged once with the request id the response carries.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const context = { requestId: String(request.id ?? ''), instance: request.path };
    const problem = this.toProblem(error, context);
    // The audit trail records the outcome's code; the body itself is already gone by then.
    response.locals.problemCode = problem.code;
    if (response.headersSent) return;
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="edgeplane"');
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(error: unknown, context: ProblemContext): Problem {
    if (error instanceof EdgeplaneError) {
      const status = HTTP_STATUS_OF_KIND[error.kind];
      return { ...error.details, ...base(status, error.code, error.message, context) };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return base(status, httpCode(status), httpDetail(error), context);
    }
    this.logger.error({ err: error, requestId: context.requestId }, 'unhandled error');
    return base(
      500,
      'internal',
      `The controller failed unexpectedly; the error is logged under request id ${context.requestId}.`,
      context,
    );
  }
}

interface ProblemContext {
  requestId: string;
  instance: string;
}

function base(status: number, code: string, detail: string, context: ProblemContext): Problem {
  return { type: problemType(code), title: titleOf(status), status, detail, code, ...context };
}

function httpCode(status: number): string {
  if (status === 404) return 'route.not_found';
  if (status === 405) return 'route.method_not_allowed';
  return `http.${status}`;
}

function httpDetail(error: HttpException): string {
  if (error.getStatus() === 404) {
    return `${error.message}. See /api/docs for the routes this controller serves.`;
  }
  return error.message;
}
