import { describe, expect, it } from 'vitest';
import { auditGenesisHash, manualClock, systemOwner } from '@kendali/contracts';
import type { PeopleStores } from '@kendali/ingest';
import { storesOnNewPlaces, type ClockedPlace } from './store-nodes';


const t0 = Date.parse('2026-03-10T00:00:00Z');
const password = 'banjir-cisadane-2026';
const siti = { username: 'siti', displayName: 'Siti Rahma', role: 'operator' as const, department: 'BPBD', password };
const admin = { username: 'kepala', displayName: 'Kepala Ruang', role: 'admin' as const, password: 'gerbang-pintu-air-10' };
const auditRecord = (n: number, actor = 'budi') => ({ actor, role: 'engineer', address: '10.20.0.7', action: 'PUT /api/kinds/:kind', target: `kind-${n}`, status: 200, summary: `{"n":${n}}` });

/**
 * The contract of the people's stores (Users, Sessions, ApiTokens, Displays, AuditLog), whatever
 * holds them: every behaviour a caller relies on, and that each survives a restart of the node.
 */
export function peopleStoreConformance(name: string, newPlace: () => Promise<ClockedPlace<PeopleStores>>): void {
  describe(`people stores: ${name}`, () => {
    const clock = manualClock(t0);
    const { open, restart } = storesOnNewPlaces(newPlace, clock, t0);

    describe('Users', () => {
      it('keeps accounts across a restart, refuses a taken name and a weak password, checks passwords', async () => {
        const { users } = await open();
        const created = await users.create(siti, 'admin (admin)');
        expect(created).toEqual({ username: 'siti', displayName: 'Siti Rahma', role: 'operator', department: 'BPBD', enabled: true, createdAt: t0, createdBy: 'admin (admin)', lastSignInAt: null, source: 'local' });
        await expect(users.create(siti, 'x')).rejects.toMatchObject({ code: 'KENDALI_ERR_USER_EXISTS' });
        await expect(users.create({ ...siti, username: 'budi', password: 'password1234' }, 'x')).rejects.toMatchObject({ code: 'KENDALI_ERR_PASSWORD_WEAK' });
        clock.advance(1_000);
        await users.signedIn('siti');
        const again = await restart();
        expect(again.users.get('siti')).toEqual({ ...created, lastSignInAt: t0 + 1_000 });
        expect(again.users.list().map((user) => user.username)).toEqual(['siti']);
        expect(await again.users.checkPassword('siti', password)).toMatchObject({ ok: true });
        expect(await again.users.checkPassword('siti', `${password}!`)).toEqual({ ok: false, reason: 'wrong-password' });
        expect(await again.users.checkPassword('nobody', password)).toEqual({ ok: false, reason: 'unknown' });
      });

      it('changes and removes accounts, never the last enabled admin', async () => {
        const { users } = await open();
        await users.create(admin, 'start');
        await users.create(siti, 'kepala');
        await expect(users.change('kepala', { role: 'viewer' })).rejects.toMatchObject({ code: 'KENDALI_ERR_LAST_ADMIN' });
        await expect(users.remove('kepala')).rejects.toMatchObject({ code: 'KENDALI_ERR_LAST_ADMIN' });
        expect(await users.change('siti', { role: 'engineer', department: null, enabled: false })).toMatchObject({ role: 'engineer', department: null, enabled: false });
        expect(await users.checkPassword('siti', password)).toEqual({ ok: false, reason: 'disabled' });
        expect(await users.remove('siti')).toBe(true);
        expect(await users.remove('siti')).toBe(false);
        const again = await restart();
        expect(again.users.list().map((user) => user.username)).toEqual(['kepala']);
        expect(again.users.hasEnabledAdmin()).toBe(true);
      });

      it('makes and keeps an account for a person an identity provider vouched for, never taking over a local one', async () => {
        const { users } = await open();
        await users.create(siti, 'admin');
        expect(await users.signInExternal({ subject: 'sub-1', username: 'siti', displayName: 'Siti', role: 'admin' }, 'oidc')).toEqual({ ok: false, reason: 'local-account' });
        const first = await users.signInExternal({ subject: 'sub-2', username: 'dewi', displayName: 'Dewi', role: 'viewer', department: 'Dishub' }, 'oidc');
        expect(first).toMatchObject({ ok: true, user: { username: 'dewi', source: 'oidc', role: 'viewer', department: 'Dishub' } });
        const again = await restart();
        expect(await again.users.signInExternal({ subject: 'sub-3', username: 'dewi', displayName: 'Dewi', role: 'viewer' }, 'oidc')).toEqual({ ok: false, reason: 'other-subject' });
        expect(await again.users.signInExternal({ subject: 'sub-2', username: 'dewi', displayName: 'Dewi P.', role: 'operator' }, 'oidc')).toMatchObject({ ok: true, user: { displayName: 'Dewi P.', role: 'operator', department: 'Dishub' } });
        expect(await again.users.checkPassword('dewi', '')).toEqual({ ok: false, reason: 'external' });
      });
    });

    describe('Sessions', () => {
      it('survive a restart and end at sign-out, when idle, at their longest, and at a new password', async () => {
        const { users, sessions } = await open();
        await users.create(siti, 'admin');
        const { id, session } = await sessions.begin('siti');
        expect(session).toMatchObject({ user: { username: 'siti' }, expiresAt: t0 + 12 * 3_600_000 });
        const again = await restart();
        expect(again.sessions.use(id)).toMatchObject({ user: { username: 'siti' }, csrfToken: session.csrfToken });
        clock.advance(31 * 60_000);
        expect(again.sessions.use(id)).toBeUndefined(); // idle 31 minutes
        const next = await again.sessions.begin('siti');
        const replacing = await again.sessions.begin('siti', next.id);
        expect(again.sessions.use(next.id)).toBeUndefined();
        expect(await again.sessions.end(replacing.id)).toBe(true);
        expect(again.sessions.use(replacing.id)).toBeUndefined();
        const last = await again.sessions.begin('siti');
        clock.advance(1_000);
        await again.users.change('siti', { password: 'pompa-air-karawaci-7' });
        expect(again.sessions.use(last.id)).toBeUndefined();
      });

      it('end all of a person at once', async () => {
        const { users, sessions } = await open();
        await users.create(siti, 'admin');
        const ids = [(await sessions.begin('siti')).id, (await sessions.begin('siti')).id];
        expect(await sessions.endAllOf('siti')).toBe(2);
        expect(ids.map((id) => sessions.use(id))).toEqual([undefined, undefined]);
        const again = await restart();
        expect(ids.map((id) => again.sessions.use(id))).toEqual([undefined, undefined]);
      });
    });

    describe('ApiTokens', () => {
      it('keep their record across a restart; a revoked one is refused; they act at most with their owner’s role and expire', async () => {
        const { users, tokens } = await open();
        await users.create(admin, 'start');
        await users.create({ ...siti, role: 'engineer' }, 'kepala');
        const { token, record } = await tokens.create('import script', 'engineer', { owner: 'siti', expiresAt: '2026-03-20T00:00:00Z' });
        expect(record).toMatchObject({ owner: 'siti', role: 'engineer', expiresAt: '2026-03-20T00:00:00.000Z', createdAt: '2026-03-10T00:00:00.000Z', revoked: false });
        clock.advance(1_000); // listed in the order made
        const platformToken = await tokens.create('wall', 'viewer');
        const again = await restart();
        expect(again.tokens.check(token)).toEqual({ ok: true, token: record });
        expect(again.tokens.get(platformToken.record.id)).toEqual({ ...platformToken.record, owner: systemOwner });
        await again.users.change('siti', { role: 'viewer' });
        expect(again.tokens.verify(token)?.role).toBe('viewer');
        await again.users.change('siti', { enabled: false });
        expect(again.tokens.check(token)).toMatchObject({ ok: false, reason: 'owner-inactive' });
        await again.users.change('siti', { enabled: true, role: 'engineer' });
        clock.set(Date.parse('2026-03-20T00:00:00Z'));
        expect(again.tokens.check(token)).toMatchObject({ ok: false, reason: 'expired' });
        expect(await again.tokens.revoke(platformToken.record.id)).toBe(true);
        expect(again.tokens.check(platformToken.token)).toEqual({ ok: false, reason: 'unknown' });
        const third = await restart();
        expect(third.tokens.check(platformToken.token)).toEqual({ ok: false, reason: 'unknown' });
        expect(third.tokens.list().map((listed) => [listed.name, listed.revoked])).toEqual([['import script', false], ['wall', true]]);
      });

      it('make sure a given secret is an active platform token, replacing a revoked one', async () => {
        const { tokens } = await open();
        const first = await tokens.ensure('kdl_automation-secret', 'admin', 'automation');
        expect(await tokens.ensure('kdl_automation-secret', 'admin', 'automation')).toEqual(first);
        await tokens.revoke(first.id);
        const second = await tokens.ensure('kdl_automation-secret', 'admin', 'automation');
        expect(second.id).not.toBe(first.id);
        const again = await restart();
        expect(again.tokens.verify('kdl_automation-secret')?.id).toBe(second.id);
        expect(again.tokens.list()).toHaveLength(1);
      });
    });

    describe('Displays', () => {
      it('keep wall credentials across a restart, refuse a revoked or expired one, list newest first', async () => {
        const { displays } = await open();
        const lobby = await displays.create('Lobby wall', 24 * 3_600_000, 'kepala');
        clock.advance(1_000);
        const room = await displays.create('Control room', 3_600_000, 'kepala');
        expect(displays.check(lobby.credential)).toMatchObject({ ok: true, display: { id: lobby.display.id, lastSeenAt: t0 + 1_000 } });
        const again = await restart();
        expect(again.displays.list().map((display) => display.name)).toEqual(['Control room', 'Lobby wall']);
        expect(again.displays.active(room.display.id)?.name).toBe('Control room');
        const revoked = await again.displays.revoke(room.display.id);
        expect(revoked?.revokedAt).toBe(t0 + 1_000);
        expect((await again.displays.revoke(room.display.id))?.revokedAt).toBe(t0 + 1_000); // the first time stands
        expect(again.displays.check(room.credential)).toEqual({ ok: false, reason: 'unknown' });
        clock.advance(24 * 3_600_000);
        expect(again.displays.check(lobby.credential)).toMatchObject({ ok: false, reason: 'expired' });
        const third = await restart();
        expect(third.displays.get(room.display.id)?.revokedAt).toBe(t0 + 1_000);
        expect(third.displays.active(room.display.id)).toBeUndefined();
      });
    });

    describe('AuditLog', () => {
      it('numbers and chains every entry, finds them by actor, target and time, and carries the chain across a restart', async () => {
        const { audit } = await open();
        expect(await audit.verify()).toEqual({ ok: true, entries: 0, head: null, brokenAt: null, problem: null });
        const first = await audit.append(auditRecord(1));
        expect(first).toMatchObject({ seq: 1, prevHash: auditGenesisHash, at: t0, actor: 'budi', target: 'kind-1' });
        clock.advance(1_000);
        const second = await audit.append({ ...auditRecord(2, 'siti'), role: null, target: null });
        expect(second).toMatchObject({ seq: 2, prevHash: first.hash, role: null, target: null });
        clock.advance(1_000);
        await audit.append(auditRecord(1, 'siti'));
        expect((await audit.query({ limit: 100 })).map((entry) => entry.seq)).toEqual([3, 2, 1]);
        expect((await audit.query({ actor: 'siti', limit: 100 })).map((entry) => entry.seq)).toEqual([3, 2]);
        expect((await audit.query({ target: 'kind-1', limit: 100 })).map((entry) => entry.seq)).toEqual([3, 1]);
        expect((await audit.query({ fromMs: t0 + 1_000, toMs: t0 + 2_000, limit: 100 })).map((entry) => entry.seq)).toEqual([2]);
        expect((await audit.query({ beforeSeq: 3, limit: 1 })).map((entry) => entry.seq)).toEqual([2]);
        const again = await restart();
        const fourth = await again.audit.append(auditRecord(4));
        expect(fourth.seq).toBe(4);
        expect(await again.audit.query({ limit: 1 })).toEqual([fourth]);
        expect(await again.audit.verify()).toEqual({ ok: true, entries: 4, head: { seq: 4, hash: fourth.hash }, brokenAt: null, problem: null });
      });
    });
  });
}
