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

/** A reference to a model version, written `<model>@<version>`. */
export interface ModelVersionRef {
  model: string;
  version: number;
}

/** Optional query parameter `<model>@<version>`; absent stays undefined, malformed is a 400. */
@Injectable()
export class ModelVersionRefPipe implements PipeTransform<string | undefined, ModelVersionRef | undefined> {
  constructor(private readonly parameter: string) {}

  transform(value: string | undefined): ModelVersionRef | undefined {
    if (value === undefined) return undefined;
    const at = value.lastIndexOf('@');
    const model = value.slice(0, at);
    const version = Number(value.slice(at + 1));
    if (at > 0 && RESOURCE_NAME_PATTERN.test(model) && Number.isInteger(version) && version > 0) return { model, version };
    throw new RequestValidationError([{ field: this.parameter, problems: ['must be <model name>@<version>, e.g. text-direction@1'] }]);
  }
}
