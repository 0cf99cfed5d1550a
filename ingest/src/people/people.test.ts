import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '@kendali/contracts';
import { openCore, type Core } from '../assemble';
import { defaultIngestOptions } from '../ingest-options';
import { passwordProblem } from './password-policy';
import { SignIn } from './sign-in';

let dataDir: string;
let core: Core | undefined;
const t0 = Date.parse('2026-03-10T00:00:00Z');
const clock = manualClock(t0);
const password = 'banjir-cisadane-2026';

async function open(): Promise<Core> {
  core = await openCore({ ...defaultIngestOptions, dataDir, clock, sessions: { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 } });
  return core;
}

async function reopen(): Promise<Core> {
  await core!.close();
  return open();
}

const siti = { username: 'siti', displayName: 'Siti Rahma', role: 'operator' as const, department: 'BPBD', password };

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-people-'));
  clock.set(t0);
});

afterEach(async () => {
  await core?.close();
  core = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

describe('password policy', () => {
  it('refuses short, common and username-holding passwords, and takes a long uncommon one', () => {
    expect(passwordProblem('pendek', 'siti')).toBe('the password has 6 characters; use at least 12');
    expect(passwordProblem('password1234', 'siti')).toMatch(/most common ones/);
    expect(passwordProblem('qwertyuiop12', 'siti')).toMatch(/most common ones/);
    expect(passwordProblem('siti-rahma-sekali', 'siti')).toMatch(/contains the username/);
    expect(passwordProblem('aaaaaaaaaaaaaaab', 'siti')).toMatch(/too few characters/);
    expect(passwordProblem(password, 'siti')).toBeNull();
    expect(passwordProblem('ñandú-ñandú-ÿ', 'siti')).toBeNull(); // counted in characters
  });
});

describe('accounts', () => {
  it('keeps people across a restart, with only a hash of their password', async () => {
    const { users } = await open();
    const created = await users.create(siti, 'admin (admin)');
    expect(created).toEqual({ username: 'siti', displayName: 'Siti Rahma', role: 'operator', department: 'BPBD', enabled: true, createdAt: t0, createdBy: 'admin (admin)', lastSignInAt: null, source: 'local' });
    await expect(users.create(siti, 'x')).rejects.toMatchObject({ code: 'KENDALI_ERR_USER_EXISTS' });
    await expect(users.create({ ...siti, username: 'budi', password: 'password1234' }, 'x')).rejects.toMatchObject({ code: 'KENDALI_ERR_PASSWORD_WEAK' });
    const again = await reopen();
    expect(again.users.get('siti')).toEqual(created);
    expect(await again.users.checkPassword('siti', password)).toMatchObject({ ok: true });
    expect(await again.users.checkPassword('siti', `${password}!`)).toEqual({ ok: false, reason: 'wrong-password' });
    expect(await again.users.checkPassword('nobody', password)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('never leaves the platform without an enabled admin', async () => {
    const { users } = await open();
    await users.create({ ...siti, username: 'admin', role: 'admin' }, 'start');
    await expect(users.change('admin', { role: 'viewer' })).rejects.toMatchObject({ code: 'KENDALI_ERR_LAST_ADMIN' });
    await expect(users.change('admin', { enabled: false })).rejects.toMatchObject({ code: 'KENDALI_ERR_LAST_ADMIN' });
    await expect(users.remove('admin')).rejects.toMatchObject({ code: 'KENDALI_ERR_LAST_ADMIN' });
    await users.create({ ...siti, username: 'kepala', role: 'admin' }, 'admin');
    expect((await users.change('admin', { role: 'viewer' })).role).toBe('viewer');
  });
});

describe('sessions', () => {
  it('end when unused for the idle time, and after the longest time however used', async () => {
    const { users, sessions } = await open();
    await users.create(siti, 'admin');
    const { id } = await sessions.begin('siti');
    clock.advance(29 * 60_000);
    expect(sessions.use(id)?.user.displayName).toBe('Siti Rahma'); // used: the idle time starts again
    clock.advance(29 * 60_000);
    expect(sessions.use(id)).toBeDefined();
    clock.advance(31 * 60_000);
    expect(sessions.use(id)).toBeUndefined();

    const busy = await sessions.begin('siti');
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      clock.advance(20 * 60_000);
      expect(sessions.use(busy.id), `after ${minutes + 20} minutes`).toBeDefined();
    }
    clock.advance(20 * 60_000);
    expect(sessions.use(busy.id)).toBeUndefined(); // 12 hours after sign-in
  });

  it('survive a restart, and end when the person is disabled or sets a new password', async () => {
    const first = await open();
    await first.users.create(siti, 'admin');
    const { id } = await first.sessions.begin('siti');
    const second = await reopen();
    expect(second.sessions.use(id)?.user.username).toBe('siti');
    clock.advance(1_000);
    await second.users.change('siti', { password: 'pompa-air-karawaci-7' });
    expect(second.sessions.use(id)).toBeUndefined();
    const next = await second.sessions.begin('siti');
    expect(second.sessions.use(next.id)).toBeDefined();
    await second.users.change('siti', { enabled: false });
    expect(second.sessions.use(next.id)).toBeUndefined();
  });

  it('end at sign-out, and a new sign-in replaces the session presented', async () => {
    const { users, sessions } = await open();
    await users.create(siti, 'admin');
    const first = await sessions.begin('siti');
    const second = await sessions.begin('siti', first.id);
    expect(sessions.use(first.id)).toBeUndefined();
    expect(await sessions.end(second.id)).toBe(true);
    expect(sessions.use(second.id)).toBeUndefined();
  });
});

describe('signing in', () => {
  it('locks an account for 15 minutes after 10 wrong passwords, even for the right one from elsewhere', async () => {
    const { users, signIn } = await open();
    await users.create(siti, 'admin');
    const outcomes = [];
    for (let i = 0; i < 20; i++) outcomes.push((await signIn.attempt('siti', `tebakan-ke-${i}-salah`, '203.0.113.5')).ok ? 'ok' : 'refused');
    expect(outcomes.every((outcome) => outcome === 'refused')).toBe(true);
    const locked = await signIn.attempt('siti', password, '198.51.100.7');
    expect(locked).toMatchObject({ ok: false, reason: 'locked' });
    const retryAfterS = locked.ok ? 0 : (locked.retryAfterS ?? 0);
    expect(retryAfterS).toBeGreaterThan(14 * 60);
    expect(retryAfterS).toBeLessThanOrEqual(15 * 60);
    // Another person at the same addresses is not locked out.
    await users.create({ ...siti, username: 'budi', displayName: 'Budi' }, 'admin');
    expect((await signIn.attempt('budi', password, '198.51.100.7')).ok).toBe(true);
  }, 60_000); // ten scrypt checks

  it('locks for the lock time from the failure that used up the allowance, not until the window of the first one ends', async () => {
    const { users, sessions } = await open();
    await users.create(siti, 'admin');
    // A window of an hour and a lock of a minute: a lock that ran to the end of the window would say about 3,600 s.
    const signIn = new SignIn(users, sessions, { maxFailuresPerAccount: 3, maxFailuresPerAddress: 50, windowS: 3_600, lockS: 60 });
    for (let i = 0; i < 3; i++) expect(await signIn.attempt('siti', `tebakan-ke-${i}-salah`, '203.0.113.5')).toMatchObject({ ok: false, reason: 'wrong' });
    const locked = await signIn.attempt('siti', password, '198.51.100.7');
    expect(locked).toMatchObject({ ok: false, reason: 'locked' });
    expect(locked.ok ? 0 : locked.retryAfterS).toBeGreaterThan(0);
    expect(locked.ok ? 0 : locked.retryAfterS).toBeLessThanOrEqual(60);
    expect(await signIn.unlock('siti')).toEqual({ wasLocked: true });
    expect((await signIn.attempt('siti', password, '198.51.100.7')).ok).toBe(true);
    expect(await signIn.unlock('nobody')).toBeUndefined();
  });

  it('refuses an address after its allowance of failures, for every account, until an admin unlocks it', async () => {
    const { users, sessions } = await open();
    await users.create(siti, 'admin');
    const signIn = new SignIn(users, sessions, { maxFailuresPerAccount: 10, maxFailuresPerAddress: 2, windowS: 3_600, lockS: 60 });
    for (const tried of ['siti', 'nobody']) expect(await signIn.attempt(tried, 'tebakan-yang-salah', '::ffff:203.0.113.5')).toMatchObject({ ok: false, reason: 'wrong' });
    expect(await signIn.attempt('siti', password, '::ffff:203.0.113.5')).toMatchObject({ ok: false, reason: 'locked' });
    expect((await signIn.attempt('siti', password, '198.51.100.7')).ok).toBe(true); // the account itself is not locked
    expect(await signIn.unlockAddress('203.0.113.5')).toEqual({ wasLocked: true }); // as an admin writes it
    expect((await signIn.attempt('siti', password, '::ffff:203.0.113.5')).ok).toBe(true);
    expect(await signIn.unlockAddress('203.0.113.5')).toEqual({ wasLocked: false });
  });

  it('signs in with the right password, records when, and counts a wrong one for the account', async () => {
    const { users, sessions, signIn } = await open();
    await users.create(siti, 'admin');
    expect(await signIn.attempt('siti', 'salah-sekali-ini-123', '203.0.113.5')).toEqual({ ok: false, reason: 'wrong', retryAfterS: null });
    const outcome = await signIn.attempt('siti', password, '203.0.113.5');
    if (!outcome.ok) throw new Error('refused');
    expect(outcome.signedIn.user.username).toBe('siti');
    expect(outcome.signedIn.expiresAt).toBe(t0 + 12 * 3_600_000);
    expect(sessions.use(outcome.id)?.csrfToken).toBe(outcome.signedIn.csrfToken);
    expect(users.get('siti')?.lastSignInAt).toBe(t0);
  });
});
