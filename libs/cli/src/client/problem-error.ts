import type { Problem } from '@edgeplane/contracts';
import { CliError } from '../cli-error';
import { ExitCode } from '../exit-codes';


/** Turns a controller's problem+json answer into a message that says what to do, and its exit code. */
export function problemError(status: number, retryAfter: string | null, body: unknown, url: string, method: string, path: string): CliError {
  const problem = (body && typeof body === 'object' ? body : {}) as Partial<Problem>;
  const detail = problem.detail ?? problem.title ?? `HTTP ${status}`;
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>) : { status, detail };
  if (status === 401) {
    return new CliError(`${detail}. Run \`edgeplane login --url ${url} --key <epk_…>\` with a valid key, or set EDGEPLANE_API_KEY`, ExitCode.auth, raw);
  }
  if (status === 403) {
    const role = problem.requiredRole ? `the ${problem.requiredRole} role` : 'a higher role';
    const yours = problem.role ? ` (this key is ${problem.role})` : '';
    return new CliError(`${detail}. This needs a key with ${role}${yours}: ask an admin for one and run \`edgeplane login\``, ExitCode.auth, raw);
  }
  if (status === 429) {
    const seconds = problem.retryAfterSeconds ?? (retryAfter ? Number(retryAfter) : undefined);
    return new CliError(`Rate limited by the controller: retry after ${seconds ?? 'a few'} s`, ExitCode.rateLimited, raw);
  }
  const code = problem.code ? ` [${problem.code}]` : '';
  if (status === 404) return new CliError(`${detail}${code}`, ExitCode.notFound, raw);
  if (status >= 400 && status < 500) return new CliError(`${detail}${code}`, ExitCode.refused, raw);
  const id = problem.requestId ? ` (request id ${problem.requestId}; the controller's log has the details)` : '';
  return new CliError(`The controller failed on ${method} ${path}: ${detail}${code}${id}`, ExitCode.failed, raw);
}
