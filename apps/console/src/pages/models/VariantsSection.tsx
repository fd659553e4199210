import { Link } from 'react-router';
import type { CompileJobView } from '../../api/views';
import { LIVE_REFRESH_MS, useApiQuery } from '../../api/hooks';
import { useSession } from '../../app/session';
import { Section } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { deployPagePath, versionApiPath } from './model-paths';
import { isFinished } from './variant-format';
import { VariantsTable } from './VariantsTable';

/**
 * The compiled variants of a version. While any is queued or compiling the table is asked again
 * every LIVE_REFRESH_MS; once all are final it stops (a new compile request starts it again).
 */
export function VariantsSection({ model, version }: { model: string; version: number }) {
  const { can } = useSession();
  const variants = useApiQuery<CompileJobView[]>(`${versionApiPath(model, version)}/variants`, undefined, {
    refreshMs: (jobs) => (jobs?.some((job) => !isFinished(job)) ? LIVE_REFRESH_MS : false),
  });
  const jobs = variants.data ?? [];
  const accepted = jobs.filter((job) => job.status === 'accepted').length;
  const rejected = jobs.filter((job) => job.status === 'rejected').length;
  return (
    <Section
      title={variants.data ? `Variants: ${accepted} accepted, ${rejected} rejected` : 'Variants'}
      id="variants"
      actions={
        can('operator') &&
        accepted > 0 && (
          <Link className="button" to={deployPagePath(model, version)}>
            Deploy this version
          </Link>
        )
      }
    >
      <QueryState query={variants}>
        {(list) => (
          <>
            <p className="hint" role="status">
              {progressSummary(list)}
            </p>
            {list.length > 0 && <VariantsTable model={model} version={version} jobs={list} />}
          </>
        )}
      </QueryState>
    </Section>
  );
}

/** One sentence a screen reader announces as compiles move on. */
function progressSummary(jobs: CompileJobView[]): string {
  if (jobs.length === 0) return 'Not compiled for any hardware profile yet.';
  const running = jobs.filter((job) => !isFinished(job));
  if (running.length === 0) {
    const failed = jobs.filter((job) => job.status === 'failed' || job.status === 'cancelled').length;
    return `All ${jobs.length} compiles finished${failed ? `; ${failed} failed or cancelled` : ''}.`;
  }
  const states = running.map((job) => `${job.hardwareProfile} ${job.stage ?? job.status}`).join(', ');
  return `Compiling ${running.length} of ${jobs.length}: ${states}. This table updates by itself.`;
}
