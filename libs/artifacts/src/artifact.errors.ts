import { EdgeplaneError } from '@edgeplane/contracts';

export class ArtifactTooLargeError extends EdgeplaneError {
  constructor(maxBytes: number) {
    super(
      'too_large',
      'artifact.too_large',
      `The upload is larger than the limit of ${maxBytes} bytes (EDGEPLANE_MODEL_UPLOAD_LIMIT); nothing was stored.`,
      { maxBytes },
    );
  }
}

export class ArtifactNotFoundError extends EdgeplaneError {
  constructor(sha256: string) {
    super('not_found', 'artifact.not_found', `No artifact with SHA-256 ${sha256} is stored.`);
  }
}
