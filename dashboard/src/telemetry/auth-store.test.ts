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
  it('starts missing without a token and present with one', () => {
    expect(createAuthStore(memory(), null).getSnapshot().status).toBe('missing');
    expect(createAuthStore(memory(), 'kdl_x').getSnapshot()).toEqual({ status: 'present', token: 'kdl_x', identity: null });
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
    expect(store.getSnapshot()).toEqual({ status: 'rejected', token: 'kdl_old', identity: null });
    expect(notified).toBe(1);
  });
});
