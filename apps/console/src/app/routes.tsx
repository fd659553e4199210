import type { RouteObject } from 'react-router';
import { FleetPage } from '../pages/fleet/FleetPage';
import { NotFoundPage } from '../pages/NotFoundPage';

/** Every page of the console, under /console. */
export const consoleRoutes: RouteObject[] = [
  { index: true, element: <FleetPage /> },
  { path: '*', element: <NotFoundPage /> },
];
