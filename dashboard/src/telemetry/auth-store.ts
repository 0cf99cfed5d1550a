import type { ApiToken, SignedIn } from '@kendali/contracts';
import { takeTokenFromUrl } from './token-url';

/**
 * checking: no token, and whether the browser still holds a person's session cookie is being asked;
 * missing: neither, the sign-in panel asks for a username and password (or a token);
 * present: requests carry the token, or the session cookie and its CSRF token;
 * rejected: the server answered 401 to the token (unknown or revoked), the sign-in panel asks for another;
 * ended: the person's session ended (signed out elsewhere, idle, past its limit), the sign-in panel says so.
 */
type AuthStatus = 'checking' | 'missing' | 'present' | 'rejected' | 'ended';

export interface AuthSnapshot {
  readonly status: AuthStatus;
  /** An API token (pasted, or a wall's `?token=`); null for a person signed in with a password. */
  readonly token: string | null;
  /** Name and role of the token or person (`GET /api/auth/whoami`), once known. */
  readonly identity: ApiToken | null;
  /** A person's session: the CSRF token every write with the cookie carries (`X-CSRF-Token`). */
  readonly csrfToken: string | null;
}

export interface AuthStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): AuthSnapshot;
  /** Uses a token from now on (and remembers it), with its identity when already checked. */
  signIn(token: string, identity?: ApiToken | null): void;
  /** A person signed in with a password (or the session was found after a reload): the cookie and this CSRF token from now on. */
  signInAsPerson(session: Pick<SignedIn, 'csrfToken'>): void;
  /** No session was found on opening the page; `ended` when the server said it had ended. */
  noSession(ended: boolean): void;
  /** Forgets the token or the session (sign out, or "use another token"). */
  signOut(): void;
  /** The server answered 401: the token was refused, or the person's session ended; show the sign-in panel. */
  reject(): void;
  setIdentity(identity: ApiToken): void;
}

/** Where the token is kept between visits; a kiosk profile may refuse storage. */
export interface TokenStorage {
  read(): string | null;
  write(token: string | null): void;
}

const tokenStorageKey = 'kendali.token';
// The CSRF token lives as long as the tab (sessionStorage): the cookie it goes with is the session itself.
const csrfStorageKey = 'kendali.csrf';

function browserStorage(area: () => Storage, key: string): TokenStorage {
  return {
    read: () => {
      try {
        return area().getItem(key);
      } catch {
        return null;
      }
    },
    write: (token) => {
      try {
        if (token === null) area().removeItem(key);
        else area().setItem(key, token);
      } catch {
        // storage disabled: the token lasts as long as the page
      }
    },
  };
}

const nowhere: TokenStorage = { read: () => null, write: () => undefined };

/**
 * With a token the page is signed in at once; without one it first asks the server for the
 * session its cookie may carry (`checking`), since the cookie itself is out of the page's reach.
 */
export function createAuthStore(storage: TokenStorage, initialToken: string | null, csrfStorage: TokenStorage = nowhere): AuthStore {
  const listeners = new Set<() => void>();
  let snapshot: AuthSnapshot = initialToken
    ? { status: 'present', token: initialToken, identity: null, csrfToken: null }
    : { status: 'checking', token: null, identity: null, csrfToken: csrfStorage.read() };
  const set = (next: AuthSnapshot) => {
    snapshot = next;
    for (const listener of listeners) listener();
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    signIn(token, identity = null) {
      storage.write(token);
      csrfStorage.write(null);
      set({ status: 'present', token, identity, csrfToken: null });
    },
    signInAsPerson({ csrfToken }) {
      storage.write(null);
      csrfStorage.write(csrfToken);
      set({ status: 'present', token: null, identity: snapshot.status === 'present' && snapshot.token === null ? snapshot.identity : null, csrfToken });
    },
    noSession(ended) {
      csrfStorage.write(null);
      if (snapshot.status === 'checking') set({ status: ended ? 'ended' : 'missing', token: null, identity: null, csrfToken: null });
    },
    signOut() {
      storage.write(null);
      csrfStorage.write(null);
      set({ status: 'missing', token: null, identity: null, csrfToken: null });
    },
    reject() {
      if (snapshot.token === null) {
        // Without a token only a session could have been refused: it has ended.
        csrfStorage.write(null);
        if (snapshot.status !== 'ended' && snapshot.status !== 'missing') set({ status: 'ended', token: null, identity: null, csrfToken: null });
      } else if (snapshot.status !== 'rejected') set({ ...snapshot, status: 'rejected', identity: null });
    },
    setIdentity(identity) {
      if (snapshot.status === 'present') set({ ...snapshot, identity });
    },
  };
}

let pageStore: AuthStore | null = null;

/**
 * The page's token: `?token=` of the address wins (and is removed from the visible address),
 * then the one remembered in localStorage; without either, a person's session is looked for.
 */
export function authStore(): AuthStore {
  if (pageStore) return pageStore;
  const storage = browserStorage(() => window.localStorage, tokenStorageKey);
  const taken = takeTokenFromUrl(window.location.href);
  if (taken.changed) window.history.replaceState(window.history.state, '', taken.url);
  if (taken.token !== null) storage.write(taken.token);
  pageStore = createAuthStore(storage, taken.token ?? storage.read(), browserStorage(() => window.sessionStorage, csrfStorageKey));
  return pageStore;
}
