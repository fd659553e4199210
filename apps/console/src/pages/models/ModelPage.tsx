import { Link, useParams, useSearchParams } from 'react-router';
import type { ModelVersionView } from '../../api/views';
import { SLOW_REFRESH_MS, useApiQuery } from '../../api/hooks';
import { useSession } from '../../app/session';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { CompileSection } from './CompileSection';
import { versionsApiPath } from './model-paths';
import { OperatorOnlyNote } from '../../components/OperatorOnlyNote';
import { VariantsSection } from './VariantsSection';
import { VersionDetails } from './VersionDetails';
import { VersionsTable } from './VersionsTable';
import '../../styles/models.css';

/**
 * `/models/:name`, `/models/:name?version=N` or `/models/:name/versions/:version`: a model's
 * versions, and for the chosen one (the latest unless asked) what it is and what it compiled to.
 */
export function ModelPage() {
  const { name = '', version: versionInPath } = useParams();
  const [search] = useSearchParams();
  const { can } = useSession();
  const versions = useApiQuery<ModelVersionView[]>(versionsApiPath(name), undefined, { refreshMs: SLOW_REFRESH_MS });
  const asked = Number(versionInPath ?? search.get('version') ?? NaN);
  return (
    <Page
      title={`Model ${name}`}
      actions={
        can('operator') && (
          <Link className="button button-quiet" to={`/models/upload?${new URLSearchParams({ model: name })}`}>
            Upload a new version
          </Link>
        )
      }
    >
      <p>
        <Link to="/models">All models</Link>
      </p>
      {!can('operator') && <OperatorOnlyNote what="Uploading and compiling" />}
      <QueryState query={versions}>
        {(list) => {
          const selected = Number.isInteger(asked) ? list.find((one) => one.version === asked) : list[list.length - 1];
          return (
            <>
              <VersionsTable versions={list} selected={selected?.version ?? null} />
              {selected ? (
                <>
                  <VersionDetails version={selected} />
                  <VariantsSection model={name} version={selected.version} />
                  {can('operator') && <CompileSection model={name} version={selected.version} />}
                </>
              ) : (
                Number.isInteger(asked) && (
                  <p className="notice notice-error" role="alert">
                    Model {name} has no version {asked}.
                  </p>
                )
              )}
            </>
          );
        }}
      </QueryState>
    </Page>
  );
}
