import { Link } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { DeploymentSummaryView, Page as ResultPage } from '../../api/views';
import { LIVE_REFRESH_MS, SLOW_REFRESH_MS } from '../../api/hooks';
import { useSession } from '../../app/session';
import { Page } from '../../components/Page';
import { ErrorNotice, Loading } from '../../components/QueryState';
import { DeploymentTable } from './DeploymentTable';
import { isFinalDeploymentState } from '@edgeplane/contracts/rollouts';
import { OperatorOnlyNote } from '../../components/OperatorOnlyNote';

const PAGE_SIZE = 50;

/**
 * Every deployment, newest first, 50 at a time ("Load more" asks for the next page). The list polls
 * fast while one it shows is still moving, slowly otherwise (a new deployment may appear).
 */
export function DeploymentsPage() {
  const { api, can } = useSession();
  const deployments = useInfiniteQuery({
    queryKey: ['/deployments', 'list'],
    queryFn: ({ pageParam }) => api.get<ResultPage<DeploymentSummaryView>>('/deployments', { limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((item) => !isFinalDeploymentState(item.state))) ? LIVE_REFRESH_MS : SLOW_REFRESH_MS,
  });
  const items = deployments.data?.pages.flatMap((page) => page.items);

  return (
    <Page
      title="Deployments"
      actions={
        can('operator') ? (
          <Link className="button" to="/deployments/new">
            New deployment
          </Link>
        ) : (
          <OperatorOnlyNote what="Starting a deployment" />
        )
      }
    >
      {deployments.isError && <ErrorNotice error={deployments.error} stale={items !== undefined} />}
      {items === undefined ? (
        !deployments.isError && <Loading />
      ) : items.length === 0 ? (
        <p className="empty">No deployment yet.</p>
      ) : (
        <DeploymentTable items={items} />
      )}
      {deployments.hasNextPage && (
        <button type="button" className="button-quiet" disabled={deployments.isFetchingNextPage} onClick={() => deployments.fetchNextPage()}>
          {deployments.isFetchingNextPage ? 'Loading more deployments…' : 'Load more deployments'}
        </button>
      )}
    </Page>
  );
}
