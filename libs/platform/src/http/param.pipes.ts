import { Injectable, PipeTransform } from '@nestjs/common';
import { RESOURCE_NAME_PATTERN, RESOURCE_NAME_RULE } from '@edgeplane/contracts';
import { RequestValidationError } from './request-validation.error';

/** Route parameter that must be a resource name (device, model, profile): 400 naming the parameter. */
@Injectable()
export class ResourceNamePipe implements PipeTransform<string, string> {
  constructor(private readonly parameter = 'name') {}

  transform(value: string): string {
    if (RESOURCE_NAME_PATTERN.test(value)) return value;
    throw new RequestValidationError([{ field: this.parameter, problems: [`must be ${RESOURCE_NAME_RULE}`] }]);
  }
}

/** Route parameter that must be a positive integer, such as a model version number. */
@Injectable()
export class PositiveIntPipe implements PipeTransform<string, number> {
  constructor(private readonly parameter: string) {}

  transform(value: string): number {
    const number = /^[1-9]\d{0,8}$/.test(value) ? Number(value) : NaN;
    if (Number.isInteger(number)) return number;
    throw new RequestValidationError([{ field: this.parameter, problems: ['must be a positive integer'] }]);
  }
}
