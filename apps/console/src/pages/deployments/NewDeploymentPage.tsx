import { useCallback, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { DeploymentView } from '../../api/views';
import { useApiMutation } from '../../api/hooks';
import { useSession } from '../../app/session';
import { Page } from '../../components/Page';
import { deploymentRequest, FORM_DEFAULTS, type DeploymentForm } from './deployment-form';
import { GateFields } from './GateFields';
import { ModelVersionFields } from './ModelVersionFields';
import { SelectorField } from './SelectorField';
import { StrategyFields } from './StrategyFields';
import '../../styles/deployments.css';
import { OperatorOnlyNote } from '../../components/OperatorOnlyNote';

/**
 * Starts a rollout (POST /deployments): model version, target, waves, gates. `?model=&version=`
 * prefill the model (a link from a model's page). The API's refusal (400, 404, 409, 422) is shown as it says it.
 */
export function NewDeploymentPage() {
  const { api, can } = useSession();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [form, setForm] = useState<DeploymentForm>(() => ({ ...FORM_DEFAULTS, model: search.get('model') ?? '', version: search.get('version') ?? '' }));
  const update = useCallback((change: Partial<DeploymentForm>) => setForm((current) => ({ ...current, ...change })), []);
  const chooseModel = useCallback((model: string, version: string) => update({ model, version }), [update]);
  const create = useApiMutation((body: ReturnType<typeof deploymentRequest>) => api.post<DeploymentView>('/deployments', body), ['/deployments']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(deploymentRequest(form), { onSuccess: (created) => navigate(`/deployments/${created.id}`) });
  };

  if (!can('operator')) {
    return (
      <Page title="New deployment">
        <OperatorOnlyNote what="Starting a deployment" />
        <Link to="/deployments">See the deployments</Link>
      </Page>
    );
  }
  return (
    <Page title="New deployment">
      <form className="deployment-form" onSubmit={submit} noValidate>
        <ModelVersionFields model={form.model} version={form.version} onChange={chooseModel} />
        <fieldset>
          <legend>Target</legend>
          <SelectorField value={form.selector} onChange={(selector) => update({ selector })} />
        </fieldset>
        <StrategyFields form={form} update={update} />
        <GateFields form={form} update={update} />
        <label className="checkbox">
          <input type="checkbox" checked={form.supersede} onChange={(event) => update({ supersede: event.target.checked })} /> Replace an active deployment of
          this model on the same devices (else it is refused)
        </label>
        {create.isError && (
          <p className="notice notice-error" role="alert">
            {create.error.message}
          </p>
        )}
        <div className="page-actions">
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Starting deployment…' : 'Start deployment'}
          </button>
          <Link to="/deployments">Cancel</Link>
        </div>
      </form>
    </Page>
  );
}
