import type { RouteObject } from 'react-router';
import { DevicePage } from '../pages/devices/DevicePage';
import { ProvisionDevicePage } from '../pages/devices/ProvisionDevicePage';
import { FleetPage } from '../pages/fleet/FleetPage';
import { NotFoundPage } from '../pages/NotFoundPage';

/** Every page of the console, under /console. */
export const consoleRoutes: RouteObject[] = [
  { index: true, element: <FleetPage /> },
  { path: 'devices/new', element: <ProvisionDevicePage /> },
  { path: 'devices/:id', element: <DevicePage /> },
  { path: '*', element: <NotFoundPage /> },
];
