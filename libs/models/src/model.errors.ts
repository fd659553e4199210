import { EdgeplaneError } from '@edgeplane/contracts';

export class ModelNotFoundError extends EdgeplaneError {
  constructor(name: string) {
    super('not_found', 'model.not_found', `No model named "${name}"; upload a first version with POST /api/v1/models/${name}/versions.`);
  }
}

export class ModelVersionNotFoundError extends EdgeplaneError {
  constructor(name: string, version: number) {
    super('not_found', 'model.version_not_found', `Model "${name}" has no version ${version}.`);
  }
}

export class UnsupportedUploadTypeError extends EdgeplaneError {
  /** `howToSend` names the content types the route takes, e.g. "as the raw request body with …". */
  constructor(contentType: string, howToSend: string) {
    super('invalid', 'model.unsupported_content_type', `Send the file ${howToSend} (got "${contentType}").`);
  }
}

/** Why a multipart/form-data upload was refused; stable values that clients may branch on. */
export type InvalidUploadFormReason = 'malformed' | 'missing_file' | 'extra_file' | 'unexpected_field';

/** A multipart/form-data upload whose form is not one model file (and at most a teacher). */
export class InvalidUploadFormError extends EdgeplaneError {
  constructor(reason: InvalidUploadFormReason, message: string) {
    super('invalid', 'model.invalid_form', message, { reason });
  }
}

export class IncompatibleTeacherError extends EdgeplaneError {
  constructor(teacher: string, problem: string) {
    super(
      'invalid',
      'model.teacher_incompatible',
      `${teacher} cannot be this model's teacher: ${problem}. Teacher and student must take the same inputs and give the same outputs.`,
    );
  }
}

export class VariantNotFoundError extends EdgeplaneError {
  constructor(id: string) {
    super('not_found', 'variant.not_found', `No variant with id ${id}.`);
  }
}
