import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '@kendali/contracts';
import { PendingDevices } from './pending-devices';

let dataDir: string;
const clock = manualClock(Date.parse('2026-03-10T03:00:00Z'));

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-pending-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const openIn = async (dir: string) => {
  const instance = await DuckDBInstance.create(join(dir, 'kendali.duckdb'));
  const pending = await PendingDevices.open(instance, clock);
  return {
    pending,
    close: async () => {
      await pending.close();
      instance.closeSync();
    },
  };
};

describe('pending devices', () => {
  it('keeps an approved device off the list, awaiting its first own connection, across a restart', async () => {
    const first = await openIn(dataDir);
    await first.pending.record('wl-9', '10.0.0.9');
    await first.pending.record('tr-9', '10.0.0.8');
    await first.pending.approve('wl-9');
    expect(first.pending.list().map((p) => p.id)).toEqual(['tr-9']);
    expect(first.pending.get('wl-9')).toBeUndefined();
    await first.close();

    const reopened = await openIn(dataDir);
    expect(reopened.pending.list().map((p) => p.id)).toEqual(['tr-9']);
    expect(reopened.pending.awaitsClaim('wl-9')).toBe(true);
    expect(reopened.pending.awaitsClaim('tr-9')).toBe(false);
    await reopened.pending.claim('wl-9');
    expect(reopened.pending.awaitsClaim('wl-9')).toBe(false);
    await reopened.close();

    const again = await openIn(dataDir);
    expect(again.pending.awaitsClaim('wl-9')).toBe(false);
    await again.close();
  });
});
