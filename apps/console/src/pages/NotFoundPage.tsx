import { Link } from 'react-router';
import { Page } from '../components/Page';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <p>
        No console page has this address. Go to the <Link to="/">fleet overview</Link>.
      </p>
    </Page>
  );
}
