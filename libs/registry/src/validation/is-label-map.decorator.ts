import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { labelKeyProblem, labelValueProblem } from '@edgeplane/contracts';

export const MAX_LABELS_PER_DEVICE = 64;

/**
 * A JSON object of label key → value, with Kubernetes label syntax. With `allowNull`, a null value
 * means "remove this label" (JSON merge patch, RFC 7396).
 */
export function IsLabelMap(options: { allowNull?: boolean } = {}, validation?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isLabelMap',
      target: target.constructor,
      propertyName,
      options: validation,
      validator: {
        validate: (value: unknown) => labelMapProblem(value, options.allowNull ?? false) === null,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} ${labelMapProblem(args.value, options.allowNull ?? false)}`,
      },
    });
}

function labelMapProblem(value: unknown, allowNull: boolean): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'must be an object of label key to string value';
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_LABELS_PER_DEVICE) {
    return `may hold at most ${MAX_LABELS_PER_DEVICE} labels, got ${entries.length}`;
  }
  for (const [key, labelValue] of entries) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) return `key "${key}": ${keyProblem}`;
    if (labelValue === null && allowNull) continue;
    if (typeof labelValue !== 'string') {
      return `"${key}": value must be a string${allowNull ? ' (or null to remove the label)' : ''}`;
    }
    const valueProblem = labelValueProblem(labelValue);
    if (valueProblem) return `"${key}": value "${labelValue}": ${valueProblem}`;
  }
  return null;
}
