import { useEffect, useSyncExternalStore } from 'react';
import { ApiRequestError, api } from './api-client';
import type { AuthSnapshot } from './auth-store';
import { authStore } from './auth-store';

export function useAuth(): AuthSnapshot {
  const store = authStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

const identityRetryMs = 15_000; // the server may be restarting: ask again, calmly

/** Asks who the token is (`/api/auth/whoami`) while the page has a token but no identity yet. */
export function useIdentityLookup(auth: AuthSnapshot): void {
  const { status, token, identity } = auth;
  useEffect(() => {
    if (status !== 'present' || identity !== null) return undefined;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let cancelled = false;
    const ask = () => {
      api
        .whoami()
        .then((found) => {
          if (!cancelled) authStore().setIdentity(found);
        })
        .catch((error: unknown) => {
          // A 401 already turned the page to sign-in; anything else: try again later.
          if (cancelled || (error instanceof ApiRequestError && error.status === 401)) return;
          timer = setTimeout(ask, identityRetryMs);
        });
    };
    ask();
    return () => {
      cancelled = true;
      if (timer !== null) clearTimeout(timer);
    };
  }, [status, token, identity]);
}

const sessionRetryMs = 5_000; // the page waits on this answer: ask again soon while the server cannot answer

/**
 * On opening the page without a token: asks whether the browser's cookie still carries a person's
 * session. A server restarting is asked again, so a session that holds is not mistaken for none.
 */
export function useSessionLookup(auth: AuthSnapshot): void {
  const { status } = auth;
  useEffect(() => {
    if (status !== 'checking') return undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const ask = () => {
      api
        .session()
        .then((found) => {
          if (cancelled || authStore().getSnapshot().status !== 'checking') return;
          if (found === null) authStore().noSession(false);
          else authStore().signInAsPerson(found);
        })
        .catch((error: unknown) => {
          if (cancelled) return;
          // An ended session says so on the sign-in panel; no answer (a server restarting): ask again.
          if (error instanceof ApiRequestError && error.status < 500) authStore().noSession(error.code === 'KENDALI_ERR_SESSION_ENDED');
          else timer = setTimeout(ask, sessionRetryMs);
        });
    };
    ask();
    return () => {
      cancelled = true;
      if (timer !== null) clearTimeout(timer);
    };
  }, [status]);
}

/** Signs out: a person's session ends on the server too (its cookie is cleared); a token is forgotten. */
export async function signOutOfPage(): Promise<void> {
  if (authStore().getSnapshot().token === null) await api.signOut().catch(() => undefined);
  authStore().signOut();
}
