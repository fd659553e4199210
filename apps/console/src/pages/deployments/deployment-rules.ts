import type { DeploymentView } from '../../api/views';

export type DeploymentAction = 'pause' | 'resume' | 'abort' | 'promote';

/**
 * The operator actions the deployment's state allows, mirroring DeploymentActionsService (libs/rollouts):
 * pause a running one, resume a paused one, abort either, promote a running one while a wave bakes.
 * The API decides in the end; this only keeps buttons that would be refused off the page.
 */
export function allowedActions(deployment: Pick<DeploymentView, 'state' | 'waves'>): DeploymentAction[] {
  switch (deployment.state) {
    case 'running':
      return deployment.waves.some((wave) => wave.state === 'baking') ? ['pause', 'promote', 'abort'] : ['pause', 'abort'];
    case 'paused':
      return ['resume', 'abort'];
    default:
      return [];
  }
}

/** The first eight characters of a UUIDv7 are its time: the rest tells deployments apart in a list. */
export function shortId(id: string): string {
  return id.slice(-8);
}
