import { useEffect } from 'react';
import type { ModelSummaryView, ModelVersionView } from '../../api/views';
import { useApiQuery } from '../../api/hooks';
import { ErrorNotice } from '../../components/QueryState';

/** Model and version, chosen from the registry (GET /models, GET /models/{name}/versions); a new model picks its latest version. */
export function ModelVersionFields({ model, version, onChange }: { model: string; version: string; onChange: (model: string, version: string) => void }) {
  const models = useApiQuery<ModelSummaryView[]>('/models');
  const versions = useApiQuery<ModelVersionView[]>(model ? `/models/${encodeURIComponent(model)}/versions` : null);
  const choices = versions.data ?? [];

  // A prefilled or changed model without a valid version gets its newest one.
  useEffect(() => {
    if (!model || choices.length === 0 || choices.some((entry) => String(entry.version) === version)) return;
    onChange(model, String(Math.max(...choices.map((entry) => entry.version))));
  }, [model, version, choices, onChange]);

  return (
    <fieldset>
      <legend>Model</legend>
      {models.isError && <ErrorNotice error={models.error} />}
      {versions.isError && <ErrorNotice error={versions.error} />}
      <div className="field-row">
        <div className="field">
          <label htmlFor="model">Model</label>
          <select id="model" name="model" value={model} onChange={(event) => onChange(event.target.value, '')}>
            <option value="">Choose a model…</option>
            {models.data?.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="version">Version</label>
          <select id="version" name="version" value={version} onChange={(event) => onChange(model, event.target.value)} disabled={!model}>
            {choices.length === 0 && <option value="">—</option>}
            {[...choices]
              .sort((a, b) => b.version - a.version)
              .map((entry) => (
                <option key={entry.version} value={String(entry.version)}>
                  {entry.version}
                </option>
              ))}
          </select>
        </div>
      </div>
    </fieldset>
  );
}
