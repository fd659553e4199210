import { Link } from 'react-router';
import type { ModelSummaryView } from '../../api/views';
import { SLOW_REFRESH_MS, useApiQuery } from '../../api/hooks';
import { useSession } from '../../app/session';
import { Page, Section } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { RelativeTime } from '../../components/RelativeTime';
import { modelPagePath, versionPagePath } from './model-paths';
import { OperatorOnlyNote } from '../../components/OperatorOnlyNote';

/** Every model in the registry, each linking to its versions and variants. */
export function ModelsPage() {
  const { can } = useSession();
  const models = useApiQuery<ModelSummaryView[]>('/models', undefined, { refreshMs: SLOW_REFRESH_MS });
  return (
    <Page
      title="Models"
      actions={
        can('operator') && (
          <Link className="button" to="/models/upload">
            Upload model
          </Link>
        )
      }
    >
      {!can('operator') && <OperatorOnlyNote what="Uploading and compiling models" />}
      <Section title="Registered models" id="models">
        <QueryState query={models}>{(list) => <ModelTable models={list} />}</QueryState>
      </Section>
    </Page>
  );
}

function ModelTable({ models }: { models: ModelSummaryView[] }) {
  if (models.length === 0) return <p className="empty">No model has been uploaded yet.</p>;
  return (
    <table>
      <caption className="visually-hidden">Models</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col" className="number">
            Versions
          </th>
          <th scope="col">Latest version</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {models.map((model) => (
          <tr key={model.name}>
            <th scope="row">
              <Link to={modelPagePath(model.name)}>{model.name}</Link>
            </th>
            <td className="number">{model.versions}</td>
            <td>
              {model.latestVersion === null ? (
                '—'
              ) : (
                <Link to={versionPagePath(model.name, model.latestVersion)} aria-label={`${model.name} version ${model.latestVersion}`}>
                  version {model.latestVersion}
                </Link>
              )}
            </td>
            <td>
              <RelativeTime iso={model.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
