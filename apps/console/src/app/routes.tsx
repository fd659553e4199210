import type { RouteObject } from 'react-router';
import { FleetPage } from '../pages/fleet/FleetPage';
import { ModelPage } from '../pages/models/ModelPage';
import { ModelsPage } from '../pages/models/ModelsPage';
import { UploadModelPage } from '../pages/models/UploadModelPage';
import { NotFoundPage } from '../pages/NotFoundPage';

/** Every page of the console, under /console. */
export const consoleRoutes: RouteObject[] = [
  { index: true, element: <FleetPage /> },
  { path: 'models', element: <ModelsPage /> },
  { path: 'models/upload', element: <UploadModelPage /> },
  { path: 'models/:name', element: <ModelPage /> },
  { path: 'models/:name/versions/:version', element: <ModelPage /> },
  { path: '*', element: <NotFoundPage /> },
];
