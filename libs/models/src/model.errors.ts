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
  constructor(contentType: string) {
    super(
      'invalid',
      'model.unsupported_content_type',
      `Send the file as the raw request body with Content-Type: application/octet-stream (got "${contentType}").`,
    );
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
