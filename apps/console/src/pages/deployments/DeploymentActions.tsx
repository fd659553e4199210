import { useQueryClient } from '@tanstack/react-query';
import type { DeploymentView } from '../../api/views';
import { useApiMutation } from '../../api/hooks';
import { useSession } from '../../app/session';
import { allowedActions, type DeploymentAction } from './deployment-rules';
import { OperatorOnlyNote } from '../../components/OperatorOnlyNote';
import { ConfirmStep } from '../../components/ConfirmStep';

const LABELS: Record<Exclude<DeploymentAction, 'abort'>, string> = {
  pause: 'Pause deployment',
  resume: 'Resume deployment',
  promote: 'Promote: end this bake now',
};

/**
 * Pause, resume, promote and abort, each shown only when the deployment's state allows it. Abort rolls
 * every touched device back, so it takes a second, explicit click. The answer of an action is the
 * deployment as it is now: it replaces the page's data at once, before the next poll.
 */
export function DeploymentActions({ deployment }: { deployment: DeploymentView }) {
  const { api, can } = useSession();
  const client = useQueryClient();
  const path = `/deployments/${deployment.id}`;
  const act = useApiMutation(async (action: DeploymentAction) => {
    const updated = await api.post<DeploymentView>(`${path}/${action}`);
    client.setQueryData([path, undefined], updated);
    return updated;
  }, ['/deployments']);
  if (!can('operator')) {
    return <OperatorOnlyNote what="Pausing, resuming, promoting and aborting" plural />;
  }
  const allowed = allowedActions(deployment);
  if (allowed.length === 0 && !act.isError) return null;
  const run = (action: DeploymentAction) => act.mutate(action);

  return (
    <div className="deployment-actions">
      <div className="page-actions">
        {allowed
          .filter((action): action is Exclude<DeploymentAction, 'abort'> => action !== 'abort')
          .map((action) => (
            <button key={action} type="button" disabled={act.isPending} onClick={() => run(action)}>
              {act.isPending && act.variables === action ? `${LABELS[action]}…` : LABELS[action]}
            </button>
          ))}
        {allowed.includes('abort') && (
          <ConfirmStep
            action="Abort deployment"
            confirm="Yes, abort deployment"
            question="Abort and roll every device this deployment touched back to what it ran before?"
            busy={act.isPending}
            onConfirm={() => run('abort')}
          />
        )}
      </div>
      {act.isError && (
        <p className="notice notice-error" role="alert">
          {act.error.message}
        </p>
      )}
    </div>
  );
}
