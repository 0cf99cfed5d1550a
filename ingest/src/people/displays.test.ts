import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, pairingCodeAlphabet } from '@kendali/contracts';
import { openCore, type Core } from '../assemble';
import { defaultIngestOptions } from '../ingest-options';
import { defaultPairingOptions, PairingRefused } from './display-pairings';

let dataDir: string;
let core: Core | undefined;
const t0 = Date.parse('2026-03-10T00:00:00Z');
const clock = manualClock(t0);
const dayMs = 86_400_000;

async function open(pairing = defaultPairingOptions): Promise<Core> {
  core = await openCore({ ...defaultIngestOptions, dataDir, clock, pairing });
  return core;
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-displays-'));
  clock.set(t0);
});

afterEach(async () => {
  await core?.close();
  core = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

describe('display credentials', () => {
  it('reads until its expiry, is refused at once when revoked, and keeps all that across a restart', async () => {
    const { displays } = await open();
    const { credential, display } = await displays.create('Wall 1, LIVE Room', 30 * dayMs, 'Admin (admin)');
    expect(credential).toMatch(/^kdd_[A-Za-z0-9_-]{43}$/);
    expect(display).toMatchObject({ name: 'Wall 1, LIVE Room', createdAt: t0, createdBy: 'Admin (admin)', expiresAt: t0 + 30 * dayMs, lastSeenAt: null, revokedAt: null });

    clock.advance(60_000);
    expect(displays.check(credential)).toEqual({ ok: true, display: { ...display, lastSeenAt: t0 + 60_000 } });
    expect(displays.check('kdd_someone-elses')).toEqual({ ok: false, reason: 'unknown' });
    expect(displays.active(display.id)?.lastSeenAt).toBe(t0 + 60_000);

    clock.set(t0 + 30 * dayMs);
    expect(displays.check(credential)).toMatchObject({ ok: false, reason: 'expired' });
    expect(displays.active(display.id)).toBeUndefined();
    clock.set(t0 + dayMs);

    const second = await displays.create('Wall 2', dayMs * 2, 'Admin (admin)');
    const revoked = await displays.revoke(second.display.id);
    expect(revoked?.revokedAt).toBe(t0 + dayMs);
    expect(displays.check(second.credential)).toEqual({ ok: false, reason: 'unknown' });
    expect(displays.active(second.display.id)).toBeUndefined();
    expect(await displays.revoke('no-such-display')).toBeUndefined();

    await core!.close();
    const reopened = (await open()).displays;
    expect(reopened.list().map((d) => [d.name, d.revokedAt, d.lastSeenAt])).toEqual([
      ['Wall 2', t0 + dayMs, null],
      ['Wall 1, LIVE Room', null, t0 + 60_000],
    ]);
    expect(reopened.check(credential).ok).toBe(true);
    expect(reopened.check(second.credential).ok).toBe(false);
  });
});

describe('pairing a wall screen', () => {
  it('shows a short code, hands the credential over once after an admin confirms it, then forgets the code', async () => {
    const { pairings, displays } = await open();
    const pairing = await pairings.begin('10.0.0.7');
    expect(pairing.code).toMatch(new RegExp(`^[${pairingCodeAlphabet}]{4}-[${pairingCodeAlphabet}]{4}$`));
    expect(pairing.pollId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pairing.expiresAt).toBe(t0 + 10 * 60_000);
    expect(await pairings.poll(pairing.pollId)).toEqual({ status: 'waiting', code: pairing.code, expiresAt: pairing.expiresAt, credential: null, display: null });

    clock.advance(9 * 60_000);
    const display = await pairings.confirm(pairing.code.toLowerCase().replace('-', ' '), 'Wall 1, LIVE Room', 90 * dayMs, 'Admin (admin)');
    expect(display).toMatchObject({ name: 'Wall 1, LIVE Room', expiresAt: t0 + 9 * 60_000 + 90 * dayMs });
    await expect(pairings.confirm(pairing.code, 'Again', dayMs, 'Admin (admin)')).rejects.toThrow(PairingRefused);

    clock.advance(5 * 60_000); // past the code's first ten minutes: confirming gave the wall ten more
    const paired = await pairings.poll(pairing.pollId);
    expect(paired).toMatchObject({ status: 'paired', display });
    expect(displays.check(paired!.credential!)).toMatchObject({ ok: true, display: { id: display.id } });
    expect(await pairings.poll(pairing.pollId)).toBeUndefined(); // handed over once
    expect(displays.list()).toHaveLength(1);
  });

  it('forgets a code nobody confirmed after ten minutes', async () => {
    const { pairings } = await open();
    const pairing = await pairings.begin('10.0.0.7');
    clock.advance(10 * 60_000);
    expect(await pairings.poll(pairing.pollId)).toBeUndefined();
    await expect(pairings.confirm(pairing.code, 'Late', dayMs, 'Admin (admin)')).rejects.toMatchObject({ reason: 'unknown-code' });
  });

  it('limits the codes one address asks for, and the codes waiting at once', async () => {
    const { pairings } = await open({ ...defaultPairingOptions, codesPerAddress: 3, maxWaiting: 5 });
    for (let i = 0; i < 3; i++) await pairings.begin('10.0.0.7');
    const refused = await pairings.begin('10.0.0.7').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PairingRefused);
    expect(refused).toMatchObject({ reason: 'rate' });
    expect((refused as PairingRefused).retryAfterS).toBeGreaterThan(0);
    await pairings.begin('10.0.0.8');
    await pairings.begin('10.0.0.9');
    await expect(pairings.begin('10.0.0.10')).rejects.toMatchObject({ reason: 'busy' });
  });
});
