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

export class ProfileNotCompilableError extends EdgeplaneError {
  constructor(profile: string, hardwareClass: string, compilable: readonly string[]) {
    super(
      'invalid',
      'compile.profile_not_compilable',
      `Profile "${profile}" is of class ${hardwareClass}, which the compiler has no pass for yet; ` +
        `compilable classes: ${compilable.join(', ')}.`,
      { profile, class: hardwareClass },
    );
  }
}
