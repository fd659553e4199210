import type { RouteObject } from 'react-router';
import { DeploymentPage } from '../pages/deployments/DeploymentPage';
import { DeploymentsPage } from '../pages/deployments/DeploymentsPage';
import { NewDeploymentPage } from '../pages/deployments/NewDeploymentPage';
import { DevicePage } from '../pages/devices/DevicePage';
import { ProvisionDevicePage } from '../pages/devices/ProvisionDevicePage';
import { FleetPage } from '../pages/fleet/FleetPage';
import { ModelPage } from '../pages/models/ModelPage';
import { ModelsPage } from '../pages/models/ModelsPage';
import { UploadModelPage } from '../pages/models/UploadModelPage';
import { NotFoundPage } from '../pages/NotFoundPage';

/** Every page of the console, under /console. */
export const consoleRoutes: RouteObject[] = [
  { index: true, element: <FleetPage /> },
  { path: 'devices/new', element: <ProvisionDevicePage /> },
  { path: 'devices/:id', element: <DevicePage /> },
  { path: 'models', element: <ModelsPage /> },
  { path: 'models/upload', element: <UploadModelPage /> },
  { path: 'models/:name', element: <ModelPage /> },
  { path: 'models/:name/versions/:version', element: <ModelPage /> },
  { path: 'deployments', element: <DeploymentsPage /> },
  { path: 'deployments/new', element: <NewDeploymentPage /> },
  { path: 'deployments/:id', element: <DeploymentPage /> },
  { path: '*', element: <NotFoundPage /> },
];
