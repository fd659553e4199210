import { ValidationError } from 'class-validator';
import { EdgeplaneError } from '@edgeplane/contracts';

/** One rejected field of a request: dotted path and what is wrong with it. */
export interface FieldProblem {
  field: string;
  problems: string[];
}

/** A request body or query that failed its DTO's validation; lists every bad field at once. */
export class RequestValidationError extends EdgeplaneError {
  constructor(readonly fields: FieldProblem[]) {
    super(
      'invalid',
      'request.invalid',
      fields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join('. '),
      { errors: fields },
    );
  }

  /** The ValidationPipe's exceptionFactory: flattens nested errors into dotted field paths. */
  static fromValidationErrors(errors: ValidationError[]): RequestValidationError {
    return new RequestValidationError(flatten(errors, ''));
  }
}

function flatten(errors: ValidationError[], parent: string): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => humanize(message, error));
    const here = own.length > 0 ? [{ field, problems: own }] : [];
    return [...here, ...flatten(error.children ?? [], field)];
  });
}

// class-validator phrases a forbidden property as "property x should not exist"; say what to do.
function humanize(message: string, error: ValidationError): string {
  if (message === `property ${error.property} should not exist`) {
    return 'unknown field; remove it (see the OpenAPI document at /api/openapi.json)';
  }
  return message;
}
