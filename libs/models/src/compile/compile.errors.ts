import { EdgeplaneError } from '@edgeplane/contracts';

export class CompileJobNotFoundError extends EdgeplaneError {
  constructor(id: string) {
    super('not_found', 'compile_job.not_found', `No compile job with id ${id}.`);
  }
}

export class CompileJobFinishedError extends EdgeplaneError {
  constructor(id: string, status: string) {
    super('conflict', 'compile_job.finished', `Compile job ${id} has already finished (${status}); there is nothing to cancel.`);
  }
}

export class QueueUnavailableError extends EdgeplaneError {
  constructor() {
    super(
      'unavailable',
      'compile.queue_unavailable',
      'The job queue (Redis) is unreachable, so nothing was queued; retry once /api/v1/ready reports redis up.',
    );
  }
}
