import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';

/**
 * Renders a query's data, or says that it is loading or why it failed. Once data has arrived a
 * failed refresh keeps it on screen with the error above it: stale numbers, clearly marked, beat
 * an empty page while the controller restarts.
 */
export function QueryState<T>({ query, children }: { query: UseQueryResult<T, Error>; children: (data: T) => ReactNode }) {
  if (query.data !== undefined) {
    return (
      <>
        {query.isError && <ErrorNotice error={query.error} stale />}
        {children(query.data)}
      </>
    );
  }
  if (query.isError) return <ErrorNotice error={query.error} />;
  return <Loading />;
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}…
    </p>
  );
}

export function ErrorNotice({ error, stale = false }: { error: Error; stale?: boolean }) {
  return (
    <div className="notice notice-error" role="alert">
      {stale && <strong>Showing the last answer. </strong>}
      {error.message}
    </div>
  );
}
