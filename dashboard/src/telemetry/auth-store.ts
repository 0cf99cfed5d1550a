import type { ApiToken } from '@kendali/contracts';
import { takeTokenFromUrl } from './token-url';

/**
 * missing: no token known, the sign-in panel asks for one; present: requests carry it;
 * rejected: the server answered 401 (unknown or revoked), the sign-in panel asks for another.
 */
type AuthStatus = 'missing' | 'present' | 'rejected';

export interface AuthSnapshot {
  readonly status: AuthStatus;
  readonly token: string | null;
  /** Name and role of the token (`GET /api/auth/whoami`), once known. */
  readonly identity: ApiToken | null;
}

export interface AuthStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): AuthSnapshot;
  /** Uses a token from now on (and remembers it), with its identity when already checked. */
  signIn(token: string, identity?: ApiToken | null): void;
  /** Forgets the token (sign out, or "use another token"). */
  signOut(): void;
  /** The server refused the token: show the sign-in panel. */
  reject(): void;
  setIdentity(identity: ApiToken): void;
}

/** Where the token is kept between visits; a kiosk profile may refuse storage. */
export interface TokenStorage {
  read(): string | null;
  write(token: string | null): void;
}

const tokenStorageKey = 'kendali.token';

function browserTokenStorage(): TokenStorage {
  return {
    read: () => {
      try {
        return window.localStorage.getItem(tokenStorageKey);
      } catch {
        return null;
      }
    },
    write: (token) => {
      try {
        if (token === null) window.localStorage.removeItem(tokenStorageKey);
        else window.localStorage.setItem(tokenStorageKey, token);
      } catch {
        // storage disabled: the token lasts as long as the page
      }
    },
  };
}

export function createAuthStore(storage: TokenStorage, initialToken: string | null): AuthStore {
  const listeners = new Set<() => void>();
  let snapshot: AuthSnapshot = { status: initialToken ? 'present' : 'missing', token: initialToken, identity: null };
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
      set({ status: 'present', token, identity });
    },
    signOut() {
      storage.write(null);
      set({ status: 'missing', token: null, identity: null });
    },
    reject() {
      if (snapshot.status !== 'rejected') set({ ...snapshot, status: 'rejected', identity: null });
    },
    setIdentity(identity) {
      if (snapshot.status === 'present') set({ ...snapshot, identity });
    },
  };
}

let pageStore: AuthStore | null = null;

/**
 * The page's token: `?token=` of the address wins (and is removed from the visible address),
 * then the one remembered in localStorage.
 */
export function authStore(): AuthStore {
  if (pageStore) return pageStore;
  const storage = browserTokenStorage();
  const taken = takeTokenFromUrl(window.location.href);
  if (taken.changed) window.history.replaceState(window.history.state, '', taken.url);
  if (taken.token !== null) storage.write(taken.token);
  pageStore = createAuthStore(storage, taken.token ?? storage.read());
  return pageStore;
}
