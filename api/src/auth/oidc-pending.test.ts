import { describe, expect, it } from 'vitest';
import { manualClock } from '@kendali/contracts';
import { PendingSignIns, pendingSignInMs } from './oidc-pending';

const flow = (n: number) => ({ state: `state-${n}`, nonce: `nonce-${n}`, codeVerifier: `verifier-${n}`, redirectUri: 'http://127.0.0.1:8080/api/auth/oidc/callback', returnTo: '/' });

describe('sign-ins under way', () => {
  it('give each sign-in a random id, and back once', () => {
    const pending = new PendingSignIns(manualClock(0));
    const first = pending.put(flow(1));
    const second = pending.put(flow(2));
    expect(first).toMatch(/^[\w-]{43}$/);
    expect(second).not.toBe(first);
    expect(pending.take(second)).toEqual(flow(2));
    expect(pending.take(second)).toBeUndefined();
    expect(pending.take('made-up')).toBeUndefined();
    expect(pending.take(first)).toEqual(flow(1));
  });

  it('forget a sign-in after 10 minutes', () => {
    const clock = manualClock(0);
    const pending = new PendingSignIns(clock);
    const id = pending.put(flow(1));
    clock.advance(pendingSignInMs - 1);
    const late = pending.put(flow(2));
    expect(pending.take(id)).toEqual(flow(1));
    clock.advance(pendingSignInMs);
    expect(pending.take(late)).toBeUndefined();
  });

  it('hold at most 10,000, the oldest giving way to a flood', () => {
    const pending = new PendingSignIns(manualClock(0));
    const oldest = pending.put(flow(0));
    const second = pending.put(flow(1));
    for (let n = 2; n <= 10_000; n++) pending.put(flow(n));
    expect(pending.take(oldest)).toBeUndefined();
    expect(pending.take(second)).toEqual(flow(1));
  });
});
