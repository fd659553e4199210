import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { LoginPage } from '../pages/LoginPage';
import { consoleRoutes } from './routes';
import { SessionProvider, useSessionContext } from './session';
import { Shell } from './Shell';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refused request (4xx) will be refused again; only an unreachable controller is retried.
      retry: (failures, error) => failures < 3 && !('status' in error),
      refetchOnWindowFocus: true,
      staleTime: 1_000,
    },
  },
});

const router = createBrowserRouter([{ element: <Shell />, children: consoleRoutes }], { basename: '/console' });

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <SignedIn />
      </SessionProvider>
    </QueryClientProvider>
  );
}

/** Without a session every address shows the sign-in form; after it, the page asked for. */
function SignedIn() {
  const { session } = useSessionContext();
  if (!session) {
    queryClient.clear();
    return <LoginPage />;
  }
  return <RouterProvider router={router} />;
}
