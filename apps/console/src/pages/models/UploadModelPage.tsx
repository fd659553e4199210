import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { Page } from '../../components/Page';
import { OperatorOnlyNote } from '../../components/OperatorOnlyNote';
import { UploadModelForm } from './UploadModelForm';
import '../../styles/models.css';

/** `/models/upload[?model=<name>]`: a new model, or a new version of the named one. */
export function UploadModelPage() {
  const { can } = useSession();
  const [search] = useSearchParams();
  return (
    <Page title="Upload model">
      <p>
        <Link to="/models">Back to the models</Link>
      </p>
      {can('operator') ? <UploadModelForm initialName={search.get('model') ?? ''} /> : <OperatorOnlyNote what="Uploading a model" />}
    </Page>
  );
}
