import { describe, expect, it } from 'vitest';
import type { TokenStorage } from './auth-store';
import { createAuthStore } from './auth-store';

const memory = (initial: string | null = null): TokenStorage & { value: string | null } => {
  const box = {
    value: initial,
    read: () => box.value,
    write: (token: string | null) => {
      box.value = token;
    },
  };
  return box;
};

const identity = { id: 't1', name: 'Meja insinyur', role: 'engineer', createdAt: '2025-11-01T00:00:00Z', revoked: false, owner: 'budi', expiresAt: null } as const;

describe('auth store', () => {
  it('starts checking for a session without a token, and present with one', () => {
    expect(createAuthStore(memory(), null).getSnapshot()).toEqual({ status: 'checking', token: null, identity: null, csrfToken: null });
    expect(createAuthStore(memory(), null, memory('csrf-1')).getSnapshot().csrfToken).toBe('csrf-1');
    expect(createAuthStore(memory(), 'kdl_x').getSnapshot()).toEqual({ status: 'present', token: 'kdl_x', identity: null, csrfToken: null });
  });

  it('remembers a signed-in token and forgets it on sign-out', () => {
    const storage = memory();
    const store = createAuthStore(storage, null);
    let notified = 0;
    store.subscribe(() => notified++);
    store.signIn('kdl_new', identity);
    expect(storage.value).toBe('kdl_new');
    expect(store.getSnapshot().identity?.role).toBe('engineer');
    store.signOut();
    expect(storage.value).toBeNull();
    expect(store.getSnapshot().status).toBe('missing');
    expect(notified).toBe(2);
  });

  it('turns rejected on a 401 and drops the identity, notifying once', () => {
    const store = createAuthStore(memory('kdl_old'), 'kdl_old');
    store.setIdentity(identity);
    let notified = 0;
    store.subscribe(() => notified++);
    store.reject();
    store.reject();
    expect(store.getSnapshot()).toEqual({ status: 'rejected', token: 'kdl_old', identity: null, csrfToken: null });
    expect(notified).toBe(1);
  });
});

describe('auth store, for a person signed in with a password', () => {
  it('keeps the CSRF token for the tab, forgets a remembered token, and both on sign-out', () => {
    const tokens = memory('kdl_old');
    const csrf = memory();
    const store = createAuthStore(tokens, null, csrf);
    store.signInAsPerson({ csrfToken: 'csrf-2' });
    expect(store.getSnapshot()).toEqual({ status: 'present', token: null, identity: null, csrfToken: 'csrf-2' });
    expect([tokens.value, csrf.value]).toEqual([null, 'csrf-2']);
    store.signOut();
    expect(store.getSnapshot().status).toBe('missing');
    expect(csrf.value).toBeNull();
  });

  it('says the session ended on a 401, and when a reload finds it ended; missing when there was none', () => {
    const csrf = memory('csrf-3');
    const store = createAuthStore(memory(), null, csrf);
    store.signInAsPerson({ csrfToken: 'csrf-3' });
    store.setIdentity(identity);
    store.reject();
    expect(store.getSnapshot()).toEqual({ status: 'ended', token: null, identity: null, csrfToken: null });
    expect(csrf.value).toBeNull();
    const reloaded = createAuthStore(memory(), null, memory('csrf-4'));
    reloaded.noSession(true);
    expect(reloaded.getSnapshot()).toEqual({ status: 'ended', token: null, identity: null, csrfToken: null });
    const fresh = createAuthStore(memory(), null);
    fresh.noSession(false);
    expect(fresh.getSnapshot().status).toBe('missing');
  });

  it('keeps a token signed in over a session lookup that answers late', () => {
    const store = createAuthStore(memory(), null);
    store.signIn('kdl_wall', identity);
    store.noSession(false);
    expect(store.getSnapshot()).toMatchObject({ status: 'present', token: 'kdl_wall' });
  });
});
