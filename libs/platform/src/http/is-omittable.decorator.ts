import { ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * A field the client may leave out, but not set to null. class-validator's IsOptional skips every
 * check for null as well, so `{"maxModelBytes": null}` reached the service and failed there as a
 * 500; with this, null is checked like any other value and refused with the field's own message.
 * Use IsOptional only where null means something (e.g. "remove this label").
 */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}
