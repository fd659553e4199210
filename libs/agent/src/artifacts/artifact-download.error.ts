import { EdgeplaneError } from '@edgeplane/contracts';

/**
 * A download that did not produce the expected file. The message is what the agent reports as the
 * assignment's `reason`, so it says exactly what happened (`download failed: HTTP 404 Not Found`).
 */
export class ArtifactDownloadError extends EdgeplaneError {
  constructor(
    code: 'http_status' | 'network' | 'truncated' | 'oversize' | 'sha256_mismatch' | 'misplaced_range' | 'length_mismatch',
    message: string,
    /** Whether trying again (resuming) may succeed: connection errors, 5xx; not 404 or a wrong hash. */
    readonly transient: boolean,
  ) {
    super(transient ? 'unavailable' : 'invalid', `artifact.${code}`, message);
  }
}
