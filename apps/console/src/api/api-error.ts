import type { Problem as ProblemBody } from './views';

/** What the console reads of a problem answer: any field may be missing (a proxy may answer instead). */
export type Problem = Partial<ProblemBody>;

/** A refused or failed API call, with the message an operator can act on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(describeProblem(status, problem));
    this.name = 'ApiError';
  }

  get code(): string | undefined {
    return this.problem.code;
  }
}

function describeProblem(status: number, problem: Problem): string {
  const detail = problem.detail ?? problem.title ?? `HTTP ${status}`;
  if (status === 403) {
    const role = problem.requiredRole ? `the ${problem.requiredRole} role` : 'a higher role';
    return `${detail}. This needs a key with ${role}; ask an admin for one.`;
  }
  if (status === 429) return `Too many requests for this key: try again in ${problem.retryAfterSeconds ?? 'a few'} s.`;
  if (status >= 500) {
    const id = problem.requestId ? ` (request id ${problem.requestId}; the controller's log has the details)` : '';
    return `The controller failed: ${detail}${id}`;
  }
  return detail;
}

/** The network itself failed: the controller is down or unreachable. */
export class UnreachableError extends Error {
  constructor(cause: unknown) {
    super('The controller cannot be reached. Check that it is running; the page retries on its own.', { cause });
    this.name = 'UnreachableError';
  }
}
