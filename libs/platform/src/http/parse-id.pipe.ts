import { ParseUUIDPipe } from '@nestjs/common';
import { RequestValidationError } from './request-validation.error';

/** Route parameter pipe for resource ids: a malformed id is a 400 naming the parameter. */
export const ParseIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new RequestValidationError([{ field: 'id', problems: ['must be a UUID, as returned when the resource was created'] }]),
});
