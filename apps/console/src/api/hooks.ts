import { keepPreviousData, useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useSession } from '../app/session';
import type { QueryParams } from './client';

/** How often live pages (a running deployment, the fleet) ask again. */
export const LIVE_REFRESH_MS = 2_000;
/** Pages whose figures change slowly (a model's variants, a device's latency) ask again less often. */
export const SLOW_REFRESH_MS = 15_000;

/**
 * A GET on the REST API, cached per path and query. `refreshMs` polls while the page is shown;
 * react-query keeps the last answer on screen while it asks again, so numbers never flicker away.
 */
export function useApiQuery<T>(
  path: string | null,
  params?: QueryParams,
  options: {
    refreshMs?: number | false | ((data: T | undefined) => number | false);
    /** Keep showing the previous answer while a changed query (a moved time range) loads. */
    keepPrevious?: boolean;
  } = {},
): UseQueryResult<T, Error> {
  const { api } = useSession();
  const refresh = options.refreshMs;
  return useQuery<T, Error>({
    queryKey: [path, params],
    queryFn: () => api.get<T>(path as string, params),
    enabled: path !== null,
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
    refetchInterval: typeof refresh === 'function' ? (query) => refresh(query.state.data) : (refresh ?? false),
  });
}

/**
 * A write on the REST API. On success every cached GET under `invalidates` is asked again, so the
 * page shows what the write changed without a reload.
 */
export function useApiMutation<TInput, TResult>(run: (input: TInput) => Promise<TResult>, invalidates: string[] = []) {
  const client = useQueryClient();
  return useMutation<TResult, Error, TInput>({
    mutationFn: run,
    onSuccess: async () => {
      await Promise.all(
        invalidates.map((prefix) =>
          client.invalidateQueries({ predicate: (query) => typeof query.queryKey[0] === 'string' && query.queryKey[0].startsWith(prefix) }),
        ),
      );
    },
  });
}
