import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/api-error';
import { LIVE_REFRESH_MS } from '../../api/hooks';
import type { DeviceView, Page as ResultPage } from '../../api/views';
import { useSession } from '../../app/session';
import { ErrorNotice, Loading } from '../../components/QueryState';
import { DeviceFilters, type DeviceFilter } from './DeviceFilters';
import { DeviceTable } from './DeviceTable';

const PAGE_SIZE = 50;

/**
 * The devices matching the filters, a page at a time ("Load more" follows the API's cursor). The
 * filters live in the address, so a filtered list can be bookmarked and shared.
 */
export function DeviceList() {
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const filter: DeviceFilter = {
    selector: params.get('selector') ?? '',
    status: params.get('status') ?? '',
    hardwareProfile: params.get('profile') ?? '',
  };
  const devices = useInfiniteQuery<ResultPage<DeviceView>, Error>({
    queryKey: ['/devices', 'list', filter],
    queryFn: ({ pageParam }) =>
      api.get<ResultPage<DeviceView>>('/devices', {
        selector: filter.selector,
        status: filter.status,
        hardwareProfile: filter.hardwareProfile,
        limit: PAGE_SIZE,
        cursor: pageParam as string | undefined,
      }),
    initialPageParam: undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: LIVE_REFRESH_MS,
    placeholderData: keepPreviousData,
  });

  function applyFilter(next: DeviceFilter) {
    const search = new URLSearchParams();
    if (next.selector) search.set('selector', next.selector);
    if (next.status) search.set('status', next.status);
    if (next.hardwareProfile) search.set('profile', next.hardwareProfile);
    setParams(search, { replace: true });
  }

  const selectorRefused = devices.error instanceof ApiError && devices.error.code?.startsWith('label_selector') ? devices.error : null;
  const items = devices.data?.pages.flatMap((page) => page.items);
  return (
    <>
      <DeviceFilters filter={filter} onChange={applyFilter} selectorError={selectorRefused?.message ?? null} />
      {devices.error && !selectorRefused && <ErrorNotice error={devices.error} stale={items !== undefined} />}
      {items ? (
        <div aria-busy={devices.isPlaceholderData}>
          <DeviceTable devices={items} />
        </div>
      ) : (
        !devices.isError && <Loading what="Loading devices" />
      )}
      {devices.hasNextPage && !devices.isPlaceholderData && (
        <button type="button" className="button-quiet load-more" onClick={() => void devices.fetchNextPage()} disabled={devices.isFetchingNextPage}>
          {devices.isFetchingNextPage ? 'Loading more devices…' : 'Load more devices'}
        </button>
      )}
    </>
  );
}
