import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, type ManualClock } from '@kendali/contracts';
import { HookPolicy } from '@kendali/broker';
import { defaultPairingOptions, defaultSignInGuard, DisplayPairings, migrations, openPeopleStores, SharedDatabase, SignIn, type PeopleStores } from '@kendali/ingest';
import { postgresForSuite, serverSuite, waitFor } from '@kendali/test-support';
import { peopleStoreConformance } from './people-store-conformance';
import { onDuckDb } from './store-nodes';

const suite = serverSuite('postgresql');

// One server for the file; each test its own database. No DuckDB file holds people here: the
// instance the stores are opened with is an in-memory one, which they must not use.
const openNode = (url: string, clock: ManualClock): Promise<{ stores: PeopleStores; close: () => Promise<void> }> =>
  onDuckDb(':memory:', (instance) => openPeopleStores(instance, { clock, databaseUrl: url }));

describe.skipIf(!suite.available)(suite.title('PostgreSQL'), () => {
  const postgres = postgresForSuite({ beforeAll, afterAll });
  const newDatabase = () => postgres.newDatabase('people');

  peopleStoreConformance('PostgreSQL', async () => {
    const { url } = await newDatabase();
    return { open: (clock) => openNode(url, clock), remove: async () => undefined };
  });

  describe('two nodes on one database', () => {
    const clock = manualClock(Date.parse('2026-03-10T00:00:00Z'));
    const password = 'banjir-cisadane-2026';
    let a: { stores: PeopleStores; close: () => Promise<void> };
    let b: { stores: PeopleStores; close: () => Promise<void> };
    let database: { name: string; url: string };

    beforeAll(async () => {
      database = await newDatabase();
      a = await openNode(database.url, clock);
      b = await openNode(database.url, clock);
    });

    afterAll(async () => {
      await a?.close();
      await b?.close();
    });

    it('an account made on one signs in on the other, and a new password there ends its sessions here', async () => {
      await a.stores.users.create({ username: 'siti', displayName: 'Siti Rahma', role: 'operator', password }, 'admin');
      await waitFor(() => b.stores.users.get('siti'), 'node b to know siti');
      expect(await b.stores.users.checkPassword('siti', password)).toMatchObject({ ok: true, user: { username: 'siti' } });
      const { id } = await a.stores.sessions.begin('siti');
      expect(await waitFor(() => b.stores.sessions.use(id), 'the session begun on a to work on b')).toMatchObject({ user: { username: 'siti' } });
      clock.advance(1_000);
      await b.stores.users.change('siti', { password: 'pompa-air-karawaci-7' });
      await waitFor(() => (a.stores.sessions.use(id) === undefined ? true : undefined), 'the session to end on a');
      const next = await b.stores.sessions.begin('siti');
      await waitFor(() => a.stores.sessions.use(next.id), 'the new session to work on a');
      expect(await a.stores.sessions.end(next.id)).toBe(true);
      await waitFor(() => (b.stores.sessions.use(next.id) === undefined ? true : undefined), 'the session signed out on a to end on b');
    });

    it('a token or wall credential revoked on one is refused on the other', async () => {
      const { token, record } = await a.stores.tokens.create('import script', 'engineer');
      expect(await waitFor(() => b.stores.tokens.verify(token), 'the token to work on b')).toEqual(record);
      const wall = await b.stores.displays.create('Lobby wall', 3_600_000, 'kepala');
      await waitFor(() => (a.stores.displays.check(wall.credential).ok ? true : undefined), 'the wall credential to work on a');
      await b.stores.tokens.revoke(record.id);
      await a.stores.displays.revoke(wall.display.id);
      await waitFor(() => (a.stores.tokens.check(token).ok ? undefined : true), 'the revoked token to be refused on a');
      await waitFor(() => (b.stores.displays.check(wall.credential).ok ? undefined : true), 'the revoked wall to be refused on b');
      expect(a.stores.tokens.check(token)).toEqual({ ok: false, reason: 'unknown' });
      expect(b.stores.displays.check(wall.credential)).toEqual({ ok: false, reason: 'unknown' });
    });

    it('keeps one verified audit chain while both nodes append at once', async () => {
      const record = (node: string, n: number) => ({ actor: node, role: 'admin', address: '10.0.0.1', action: 'POST /api/tokens', target: `${node}-${n}`, status: 201, summary: '{}' });
      const appended = await Promise.all([
        ...Array.from({ length: 25 }, (_, n) => a.stores.audit.append(record('a', n))),
        ...Array.from({ length: 25 }, (_, n) => b.stores.audit.append(record('b', n))),
      ]);
      expect(appended.map((entry) => entry.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, n) => n + 1));
      const verified = await a.stores.audit.verify();
      expect(verified).toMatchObject({ ok: true, entries: 50, head: { seq: 50 } });
      expect(await b.stores.audit.verify()).toEqual(verified);
      expect(new Set((await b.stores.audit.query({ limit: 100 })).map((entry) => entry.actor))).toEqual(new Set(['a', 'b']));
    });

    it('lets both start together with the same admin token and admin password', async () => {
      const [fromA, fromB] = await Promise.all([a.stores.tokens.ensure('kdl_shared-automation-secret', 'admin', 'automation'), b.stores.tokens.ensure('kdl_shared-automation-secret', 'admin', 'automation')]);
      expect(fromB.id).toBe(fromA.id);
      const [adminA, adminB] = await Promise.all([a.stores.users.ensureAdmin('admin', password, 'Administrator'), b.stores.users.ensureAdmin('admin', password, 'Administrator')]);
      expect(adminB).toEqual(adminA);
      expect(await a.stores.users.checkPassword('admin', password)).toMatchObject({ ok: true });
    });

    it('counts failed sign-ins on both: ten spread over the two lock the account on both, past a restart, until an admin unlocks it on either', async () => {
      await a.stores.users.create({ username: 'rina', displayName: 'Rina', role: 'operator', password }, 'admin');
      await waitFor(() => b.stores.users.get('rina'), 'node b to know rina');
      const signIn = (node: typeof a) => new SignIn(node.stores.users, node.stores.sessions, defaultSignInGuard, node.stores.limiters);
      const [onA, onB] = [signIn(a), signIn(b)];
      // Five on each, from ten addresses: alone, neither node would have seen enough to lock.
      for (let n = 0; n < 10; n++) expect(await (n % 2 === 0 ? onA : onB).attempt(n === 3 ? 'Rina' : 'rina', 'wrong', `10.2.0.${n}`)).toMatchObject({ ok: false, reason: 'wrong' });
      for (const node of [onA, onB]) {
        const refused = await node.attempt('rina', password, '10.3.0.1');
        expect(refused).toMatchObject({ ok: false, reason: 'locked' });
        expect(refused.ok ? 0 : refused.retryAfterS).toBeGreaterThan(defaultSignInGuard.lockS - 60);
      }
      const restarted = await openNode(database.url, clock);
      try {
        expect(await signIn(restarted).attempt('rina', password, '10.3.0.2')).toMatchObject({ ok: false, reason: 'locked' });
      } finally {
        await restarted.close();
      }
      expect(await onB.unlock('rina')).toEqual({ wasLocked: true });
      expect(await onA.attempt('rina', password, '10.3.0.3')).toMatchObject({ ok: true });
    });

    it('pairs a wall through either node: its code asked of one, confirmed on the other, the credential handed over once, never stored openly', async () => {
      const pairings = (node: typeof a) => new DisplayPairings(node.stores.displays, clock, defaultPairingOptions, node.stores.pairingRows, node.stores.limiters);
      const [onA, onB] = [pairings(a), pairings(b)];
      const wall = await onA.begin('10.4.0.1');
      expect(await onB.poll(wall.pollId)).toMatchObject({ status: 'waiting', code: wall.code });
      const display = await onB.confirm(wall.code, 'Wall 2, LIVE Room', 30 * 86_400_000, 'Admin (admin)');
      const stored = JSON.stringify(await postgres.query(database.name, 'SELECT * FROM display_pairings'));
      const paired = await onA.poll(wall.pollId);
      expect(paired).toMatchObject({ status: 'paired', code: wall.code, display });
      const credential = paired!.credential!;
      expect(a.stores.displays.check(credential)).toMatchObject({ ok: true, display: { id: display.id } });
      expect(stored).toContain(display.id);
      expect(stored).not.toContain(credential);
      expect(stored).not.toContain(wall.pollId);
      expect(await onA.poll(wall.pollId)).toBeUndefined();
      expect(await onB.poll(wall.pollId)).toBeUndefined();
      // Two admins confirming one code at once, one on each node, make one display.
      const second = await onB.begin('10.4.0.2');
      const confirmed = await Promise.allSettled([onA.confirm(second.code, 'Wall 3', 86_400_000, 'a'), onB.confirm(second.code, 'Wall 3', 86_400_000, 'b')]);
      expect(confirmed.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(confirmed.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: { reason: 'unknown-code' } });
      // The codes one address may ask for are counted on both nodes together.
      const limited = new DisplayPairings(a.stores.displays, clock, { ...defaultPairingOptions, codesPerAddress: 2 }, a.stores.pairingRows, a.stores.limiters);
      const limitedB = new DisplayPairings(b.stores.displays, clock, { ...defaultPairingOptions, codesPerAddress: 2 }, b.stores.pairingRows, b.stores.limiters);
      await limited.begin('10.4.0.9');
      await limitedB.begin('10.4.0.9');
      await expect(limited.begin('10.4.0.9')).rejects.toMatchObject({ reason: 'rate' });
    });

    it('counts failed MQTT connects through either node’s broker hooks together', async () => {
      const policy = (node: typeof a) =>
        new HookPolicy({
          authenticator: async ({ password: secret }) => (secret?.toString('utf8') === 'right' ? { ok: true, identity: { role: 'device', deviceId: 'wl-9' } } : { ok: false, returnCode: 4, reason: 'wrong secret for device "wl-9"' }),
          service: null,
          deviceEnabled: (id) => (id === 'wl-9' ? true : undefined),
          connectGuard: { maxFailuresPerDevice: 4, maxDevicesPerAddress: 20, windowS: 60, blockS: 300, connectsPerSecond: 50 },
          connectLimiters: node.stores.limiters,
          refused: () => undefined,
        });
      const [onA, onB] = [policy(a), policy(b)];
      const attempt = (secret: string, peerhost = '10.5.0.1') => ({ clientId: 'wl-9', username: 'wl-9', password: secret, peerhost });
      expect(await onA.authenticate(attempt('right'))).toBe('allow');
      // Two wrong secrets on each node: each saw fewer than four, together four, so the pair is blocked on both.
      for (let n = 0; n < 4; n++) expect(await (n % 2 === 0 ? onA : onB).authenticate(attempt('guess'))).toBe('deny');
      expect(await onA.authenticate(attempt('right'))).toBe('deny');
      expect(await onB.authenticate(attempt('right'))).toBe('deny');
      expect(await onB.authenticate(attempt('right', '10.5.0.2'))).toBe('allow'); // only at the address that failed
    });

    it('reads every table again after its listening connection was cut, so a change made meanwhile is not missed', async () => {
      const { token, record } = await a.stores.tokens.create('wall script', 'viewer');
      await waitFor(() => b.stores.tokens.verify(token), 'the token to work on b');
      const shared = b.stores.shared!;
      const back = new Promise<void>((resolve) => shared.once('listenerBack', resolve));
      const lost = new Promise<void>((resolve) => shared.once('listenerLost', () => resolve()));
      // Cut b's listening connection, then revoke on a before b listens again: b never hears of it.
      await postgres.query(database.name, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database() AND pid <> pg_backend_pid()`);
      await lost;
      await a.stores.tokens.revoke(record.id);
      await back;
      await waitFor(() => (b.stores.tokens.check(token).ok ? undefined : true), 'the token revoked while b was not listening to be refused on b');
    });
  });

  describe('the database itself', () => {
    it('applies the migrations once when two nodes start together', async () => {
      const { name, url } = await newDatabase();
      const opened = await Promise.all([SharedDatabase.open({ url }), SharedDatabase.open({ url })]);
      for (const database of opened) await database.close();
      const applied = await postgres.query(name, 'SELECT version FROM schema_migrations ORDER BY version');
      expect(applied.map((row) => row.version)).toEqual(migrations.map((migration) => migration.version));
    });

    it('refuses a database migrated by a newer release', async () => {
      const { name, url } = await newDatabase();
      await (await SharedDatabase.open({ url })).close();
      await postgres.query(name, `INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')`);
      await expect(SharedDatabase.open({ url })).rejects.toMatchObject({ code: 'KENDALI_ERR_DATABASE_NEWER', message: expect.stringMatching(/schema version 999/) });
    });

    it('says where it looked when the server cannot be reached or refuses the credentials, never the password', async () => {
      const wrong = postgres.urlWithWrongPassword('postgres');
      const refused = await SharedDatabase.open({ url: wrong }).then(
        async (opened) => {
          await opened.close();
          return new Error('a wrong password was taken');
        },
        (error: unknown) => error as Error,
      );
      expect(refused).toMatchObject({ code: 'KENDALI_ERR_DATABASE_REFUSED', message: expect.stringContaining(`127.0.0.1:${postgres.port}/postgres as kendali`) });
      expect(refused.message).not.toContain('not-the-password');
      const closedPort = new URL(wrong);
      closedPort.port = '1'; // nothing listens on port 1 of the loopback
      await expect(SharedDatabase.open({ url: closedPort.href })).rejects.toMatchObject({ code: 'KENDALI_ERR_DATABASE_UNREACHABLE', message: expect.stringMatching(/could not reach PostgreSQL at 127\.0\.0\.1:1\/postgres/) });
    });

    it('names an audit entry changed in the database behind Kendali’s back', async () => {
      const { name, url } = await newDatabase();
      const node = await openNode(url, manualClock(Date.parse('2026-03-10T00:00:00Z')));
      try {
        for (let n = 1; n <= 4; n++) await node.stores.audit.append({ actor: 'budi', role: 'engineer', address: '10.0.0.1', action: 'PATCH /api/devices/:id', target: `dev-${n}`, status: 200, summary: '{}' });
        await postgres.query(name, `UPDATE audit_log SET actor = 'someone else' WHERE seq = 3`);
        expect(await node.stores.audit.verify()).toMatchObject({ ok: false, entries: 2, brokenAt: 3, problem: 'entry 3 was changed after it was written: its content no longer matches its hash' });
        await postgres.query(name, 'DELETE FROM audit_log WHERE seq = 4');
        await postgres.query(name, `UPDATE audit_log SET actor = 'budi' WHERE seq = 3`);
        expect(await node.stores.audit.verify()).toMatchObject({ ok: false, entries: 3, brokenAt: 4, problem: 'entries 4-4 are missing: deleted from the end of the log' });
      } finally {
        await node.close();
      }
    });
  });
});
