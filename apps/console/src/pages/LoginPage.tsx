import { useState, type FormEvent } from 'react';
import { ApiClient } from '../api/client';
import type { CallerView } from '../api/views';
import { Page } from '../components/Page';
import { useSessionContext } from '../app/session';

/**
 * Sign-in with an API key (created by an admin: `edgeplane` CLI, POST /api-keys, or the bootstrap
 * key). The key is checked against GET /me before it is kept.
 */
export function LoginPage() {
  const { signIn, endedBecause } = useSessionContext();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(endedBecause);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const token = key.trim();
    if (!token) {
      setError('Enter an API key (it starts with epk_).');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      signIn(token, await new ApiClient(token).get<CallerView>('/me'));
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  }

  return (
    <main id="main" className="login">
      <Page title="Sign in to Edgeplane">
        <form onSubmit={submit} noValidate>
          <label htmlFor="api-key">API key</label>
          <input
            id="api-key"
            name="api-key"
            type="password"
            autoComplete="current-password"
            spellCheck={false}
            value={key}
            onChange={(event) => setKey(event.target.value)}
            aria-describedby={error ? 'api-key-hint api-key-error' : 'api-key-hint'}
            aria-invalid={error ? true : undefined}
          />
          <p id="api-key-hint" className="hint">
            An admin creates keys; the first one is in <code>var/bootstrap-admin.key</code> on the controller. The key stays in
            this tab only.
          </p>
          {error && (
            <p id="api-key-error" className="notice notice-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </Page>
    </main>
  );
}
