import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { CallerView } from '../api/views';
import { ApiClient } from '../api/client';
import { roleSatisfies, type ApiKeyRole } from '@edgeplane/contracts/auth';

/**
 * The key lives in sessionStorage: it survives a reload but not closing the tab, and no other
 * site can read it. The console never writes it anywhere else.
 */
const STORAGE_KEY = 'edgeplane.console.session';

interface StoredSession {
  key: string;
  caller: CallerView;
}

export interface Session {
  caller: CallerView;
  api: ApiClient;
  /** Whether this key's role may do what needs `role`; the API decides in the end. */
  can(role: ApiKeyRole): boolean;
}

interface SessionContextValue {
  session: Session | null;
  /** Why the last session ended without the operator signing out (a revoked key), to show at sign-in. */
  endedBecause: string | null;
  signIn(key: string, caller: CallerView): void;
  signOut(reason?: string): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [stored, setStored] = useState<StoredSession | null>(readStored);
  const [endedBecause, setEndedBecause] = useState<string | null>(null);

  const signOut = useCallback((reason?: string) => {
    sessionStorage.removeItem(STORAGE_KEY);
    setStored(null);
    setEndedBecause(reason ?? null);
  }, []);

  const signIn = useCallback((key: string, caller: CallerView) => {
    const next = { key, caller };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setEndedBecause(null);
    setStored(next);
  }, []);

  const value = useMemo<SessionContextValue>(() => {
    const session: Session | null = stored && {
      caller: stored.caller,
      api: new ApiClient(stored.key, (error) => signOut(`Signed out: ${error.message}`)),
      can: (role) => roleSatisfies(stored.caller.role, role),
    };
    return { session, endedBecause, signIn, signOut };
  }, [stored, endedBecause, signIn, signOut]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSessionContext outside SessionProvider');
  return value;
}

/** The signed-in session; pages under the shell are only rendered with one. */
export function useSession(): Session {
  const { session } = useSessionContext();
  if (!session) throw new Error('useSession without a session');
  return session;
}

function readStored(): StoredSession | null {
  const raw = sessionStorage.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as StoredSession;
  } catch {
    return null;
  }
}
