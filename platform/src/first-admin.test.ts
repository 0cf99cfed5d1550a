import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '@kendali/contracts';
import { defaultIngestOptions, openCore, type Core } from '@kendali/ingest';
import { loadConfig } from './config';
import { prepareFirstAdmin } from './first-admin';

let dataDir: string;
let core: Core | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-first-admin-'));
  core = await openCore({ ...defaultIngestOptions, dataDir, clock: systemClock });
});

afterEach(async () => {
  await core?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the first admin account', () => {
  it('is made on the first start with a random password, kept readable by the owner only, and not made again', async () => {
    const first = await prepareFirstAdmin(core!.users, dataDir, null);
    expect(first.password).toMatch(/^[\w-]{24}$/);
    expect(first.file).toBe(join(dataDir, 'initial-admin.json'));
    expect((await stat(first.file!)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(first.file!, 'utf8'))).toEqual({ username: 'admin', password: first.password });
    expect(await core!.users.checkPassword('admin', first.password!)).toMatchObject({ ok: true, user: { role: 'admin' } });
    expect(await prepareFirstAdmin(core!.users, dataDir, null)).toEqual(first); // printed again after a restart
    expect(core!.users.list()).toHaveLength(1);
  });

  it('takes KENDALI_ADMIN_PASSWORD instead, and refuses a weak one naming the setting', async () => {
    expect(await prepareFirstAdmin(core!.users, dataDir, 'menara-air-benda-9')).toEqual({ password: null, file: null });
    expect(await core!.users.checkPassword('admin', 'menara-air-benda-9')).toMatchObject({ ok: true });
    await expect(prepareFirstAdmin(core!.users, dataDir, 'password1234')).rejects.toThrow(/KENDALI_ADMIN_PASSWORD: the password is among the most common/);
    // A new password in the setting replaces the old one at the next start.
    await prepareFirstAdmin(core!.users, dataDir, 'menara-air-benda-10');
    expect(await core!.users.checkPassword('admin', 'menara-air-benda-9')).toEqual({ ok: false, reason: 'wrong-password' });
  });
});

describe('session settings', () => {
  it('default to 30 minutes idle and 12 hours at most, and name the setting when out of range', () => {
    expect(loadConfig({}).sessions).toEqual({ idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 });
    expect(loadConfig({ KENDALI_SESSION_IDLE: '8h', KENDALI_SESSION_MAX: '90m' }).sessions).toEqual({ idleMs: 8 * 3_600_000, maxMs: 90 * 60_000 });
    expect(() => loadConfig({ KENDALI_SESSION_IDLE: '30s' })).toThrow(/KENDALI_SESSION_IDLE="30s": must be a duration from 1m to 1d in whole seconds, minutes, hours or days/);
    expect(() => loadConfig({ KENDALI_ADMIN_PASSWORD: 'short' })).toThrow('KENDALI_ADMIN_PASSWORD=(hidden): must be at least 12 characters');
  });
});
