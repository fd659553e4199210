import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { DeploymentView } from '../../api/views';
import { useApiMutation } from '../../api/hooks';
import { useSession } from '../../app/session';
import { allowedActions, type DeploymentAction } from './deployment-rules';

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
  const [confirmingAbort, setConfirmingAbort] = useState(false);
  const path = `/deployments/${deployment.id}`;
  const act = useApiMutation(async (action: DeploymentAction) => {
    const updated = await api.post<DeploymentView>(`${path}/${action}`);
    client.setQueryData([path, undefined], updated);
    return updated;
  }, ['/deployments']);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirmingAbort) confirmButton.current?.focus();
  }, [confirmingAbort]);

  if (!can('operator')) {
    return <p className="hint">Pausing, resuming, promoting and aborting need an operator key.</p>;
  }
  const allowed = allowedActions(deployment);
  if (allowed.length === 0 && !act.isError) return null;
  const run = (action: DeploymentAction) => {
    setConfirmingAbort(false);
    act.mutate(action);
  };

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
        {allowed.includes('abort') && !confirmingAbort && (
          <button type="button" className="button-danger" disabled={act.isPending} onClick={() => setConfirmingAbort(true)}>
            Abort deployment
          </button>
        )}
      </div>
      {confirmingAbort && (
        <div className="notice notice-error" role="group" aria-labelledby="abort-question">
          <p id="abort-question">Abort and roll every device this deployment touched back to what it ran before?</p>
          <div className="page-actions">
            <button ref={confirmButton} type="button" className="button-danger" disabled={act.isPending} onClick={() => run('abort')}>
              Yes, abort deployment
            </button>
            <button type="button" className="button-quiet" onClick={() => setConfirmingAbort(false)}>
              Do not abort
            </button>
          </div>
        </div>
      )}
      {act.isError && (
        <p className="notice notice-error" role="alert">
          {act.error.message}
        </p>
      )}
    </div>
  );
}
