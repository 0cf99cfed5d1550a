import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '@kendali/contracts';
import { openCore, type Core } from '../assemble';
import { defaultIngestOptions } from '../ingest-options';

let dataDir: string;
let core: Core | undefined;
const t0 = Date.parse('2026-03-10T00:00:00Z');
const clock = manualClock(t0);

const open = async () => (core = await openCore({ ...defaultIngestOptions, dataDir, clock }));
const rahma = { subject: 'a1b2-c3', username: 'rahma', displayName: 'Rahma Wulandari', role: 'admin' as const, department: 'Diskominfo' };

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-external-'));
  clock.set(t0);
});

afterEach(async () => {
  await core?.close();
  core = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

describe('accounts of the identity provider', () => {
  it('are made at the first sign-in, follow the provider at every one, and survive a restart', async () => {
    const { users } = await open();
    const first = await users.signInExternal(rahma, 'oidc');
    expect(first).toEqual({ ok: true, user: { username: 'rahma', displayName: 'Rahma Wulandari', role: 'admin', department: 'Diskominfo', enabled: true, createdAt: t0, createdBy: 'identity provider (oidc)', lastSignInAt: t0, source: 'oidc' } });
    clock.advance(60_000);
    const demoted = await users.signInExternal({ ...rahma, displayName: 'Rahma W.', role: 'viewer', department: undefined }, 'oidc');
    expect(demoted).toMatchObject({ ok: true, user: { displayName: 'Rahma W.', role: 'viewer', department: 'Diskominfo', lastSignInAt: t0 + 60_000, createdAt: t0 } });
    await core!.close();
    const reopened = await open();
    expect(reopened.users.get('rahma')).toMatchObject({ role: 'viewer', source: 'oidc' });
    expect(await reopened.users.signInExternal({ ...rahma, department: null }, 'oidc')).toMatchObject({ ok: true, user: { role: 'admin', department: null } });
  });

  it('have no password: none signs them in and none may be set', async () => {
    const { users } = await open();
    await users.signInExternal(rahma, 'oidc');
    expect(await users.checkPassword('rahma', '')).toEqual({ ok: false, reason: 'external' });
    expect(await users.checkPassword('rahma', 'pintu-air-sepuluh-2026')).toEqual({ ok: false, reason: 'external' });
    await expect(users.change('rahma', { password: 'pintu-air-sepuluh-2026' })).rejects.toMatchObject({ code: 'KENDALI_ERR_USER_EXTERNAL' });
    expect(await users.change('rahma', { department: 'BPBD' })).toMatchObject({ department: 'BPBD', source: 'oidc' });
  });

  it('never take over a local account, another subject\'s account, or a disabled one', async () => {
    const { users } = await open();
    await users.create({ username: 'siti', displayName: 'Siti Rahma', role: 'admin', password: 'banjir-cisadane-2026' }, 'test');
    expect(await users.signInExternal({ ...rahma, username: 'siti' }, 'oidc')).toEqual({ ok: false, reason: 'local-account' });
    expect(users.get('siti')).toMatchObject({ displayName: 'Siti Rahma', source: 'local' });
    await users.signInExternal(rahma, 'oidc');
    expect(await users.signInExternal({ ...rahma, subject: 'another-person' }, 'oidc')).toEqual({ ok: false, reason: 'other-subject' });
    await users.change('rahma', { enabled: false });
    expect(await users.signInExternal(rahma, 'oidc')).toEqual({ ok: false, reason: 'disabled' });
    expect(users.get('rahma')).toMatchObject({ enabled: false, role: 'admin' });
  });

  it('leave the accounts of a database made before them local', async () => {
    const instance = await DuckDBInstance.create(join(dataDir, 'kendali.duckdb'));
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE users (username VARCHAR PRIMARY KEY, display_name VARCHAR NOT NULL, role VARCHAR NOT NULL, department VARCHAR,
      enabled BOOLEAN NOT NULL, password_hash VARCHAR NOT NULL, created_at BIGINT NOT NULL, created_by VARCHAR NOT NULL, last_sign_in_at BIGINT, password_changed_at BIGINT NOT NULL)`);
    await connection.run(`INSERT INTO users VALUES ('budi', 'Budi', 'viewer', NULL, true, 'scrypt$1$1$1$x$y', ${t0}, 'test', NULL, ${t0})`);
    connection.closeSync();
    instance.closeSync();
    const { users } = await open();
    expect(users.get('budi')).toMatchObject({ source: 'local', role: 'viewer' });
    expect(await users.signInExternal({ ...rahma, username: 'budi' }, 'oidc')).toEqual({ ok: false, reason: 'local-account' });
  });
});
