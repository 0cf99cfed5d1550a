import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, systemOwner } from '@kendali/contracts';
import { openCore, type Core } from '../assemble';
import { defaultIngestOptions } from '../ingest-options';

let dataDir: string;
let core: Core | undefined;
const t0 = Date.parse('2026-03-10T00:00:00Z');
const clock = manualClock(t0);

async function open(): Promise<Core> {
  core = await openCore({ ...defaultIngestOptions, dataDir, clock });
  return core;
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-tokens-'));
  clock.set(t0);
});

afterEach(async () => {
  await core?.close();
  core = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

describe('API tokens owned by people', () => {
  it('act at most with their owner’s role of the moment, stop while the owner is disabled or deleted, and expire', async () => {
    const { tokens, users } = await open();
    await users.create({ username: 'rina', displayName: 'Rina', role: 'admin', password: 'gerbang-pintu-air-10' }, 'test'); // so budi may stop being admin
    await users.create({ username: 'budi', displayName: 'Budi Santoso', role: 'engineer', password: 'sungai-cisadane-2026' }, 'test');
    const { token, record } = await tokens.create('import script', 'engineer', { owner: 'budi', expiresAt: '2026-03-20T00:00:00Z' });
    expect(record).toMatchObject({ owner: 'budi', role: 'engineer', expiresAt: '2026-03-20T00:00:00.000Z', createdAt: '2026-03-10T00:00:00.000Z' });
    expect(tokens.check(token)).toEqual({ ok: true, token: record });

    await users.change('budi', { role: 'viewer' });
    expect(tokens.verify(token)?.role).toBe('viewer');
    expect(tokens.current(record.id)?.role).toBe('viewer');
    expect(tokens.list('budi').map((t) => t.role)).toEqual(['viewer']);
    await users.change('budi', { role: 'admin' });
    expect(tokens.verify(token)?.role).toBe('engineer'); // never above what it was given

    await users.change('budi', { role: 'engineer', enabled: false });
    expect(tokens.check(token)).toMatchObject({ ok: false, reason: 'owner-inactive' });
    expect(tokens.current(record.id)).toBeUndefined();
    await users.change('budi', { enabled: true });
    expect(tokens.verify(token)).toBeDefined();

    clock.set(Date.parse('2026-03-20T00:00:00Z'));
    expect(tokens.check(token)).toMatchObject({ ok: false, reason: 'expired' });
    clock.set(t0);

    await users.remove('budi');
    expect(tokens.check(token)).toMatchObject({ ok: false, reason: 'owner-inactive' });
  });

  it('keeps the platform’s own tokens (KENDALI_ADMIN_TOKEN, first-run) under the system owner, and lists by owner', async () => {
    const { tokens } = await open();
    const admin = await tokens.ensure('kdl_automation-secret-for-this-test', 'admin', 'KENDALI_ADMIN_TOKEN');
    expect(admin).toMatchObject({ owner: systemOwner, role: 'admin', expiresAt: null });
    expect(await tokens.ensure('kdl_automation-secret-for-this-test', 'admin', 'KENDALI_ADMIN_TOKEN')).toEqual(admin);
    await tokens.create('siti’s script', 'viewer', { owner: 'siti' });
    expect(tokens.list(systemOwner).map((t) => t.name)).toEqual(['KENDALI_ADMIN_TOKEN']);
    expect(tokens.list().map((t) => t.owner).sort()).toEqual([systemOwner, 'siti']);
    expect(tokens.hasActive('admin')).toBe(true);
  });

  it('gives tokens made before owners existed to the system owner when it opens an older database', async () => {
    const instance = await DuckDBInstance.create(join(dataDir, 'kendali.duckdb'));
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE api_tokens (id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, role VARCHAR NOT NULL,
      token_hash VARCHAR NOT NULL UNIQUE, created_at TIMESTAMP NOT NULL, revoked BOOLEAN NOT NULL DEFAULT false)`);
    await connection.run(`INSERT INTO api_tokens VALUES ('old-1', 'first-run wall display', 'viewer', sha256('kdl_old-wall-token'), TIMESTAMP '2025-01-01 00:00:00', false)`);
    connection.closeSync();
    instance.closeSync();

    const { tokens } = await open();
    expect(tokens.verify('kdl_old-wall-token')).toEqual({
      id: 'old-1',
      name: 'first-run wall display',
      role: 'viewer',
      createdAt: '2025-01-01T00:00:00.000Z',
      revoked: false,
      owner: systemOwner,
      expiresAt: null,
    });
  });
});
