import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInProfiles, manualClock, type DeviceKindSpec } from '@kendali/contracts';
import { ProfileCatalogue } from './profile-catalogue';

let dataDir: string;
const clock = manualClock(Date.parse('2026-03-10T03:00:00Z'));

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-profiles-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function withCatalogue<T>(use: (catalogue: ProfileCatalogue, instance: DuckDBInstance) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(join(dataDir, 'kendali.duckdb'));
  const catalogue = await ProfileCatalogue.open(instance, clock);
  try {
    return await use(catalogue, instance);
  } finally {
    await catalogue.close();
    instance.closeSync();
  }
}

/** What an earlier release shipped: the air-quality profile without pressureHpa, the traffic one without `congested`. */
async function asIfAnEarlierReleaseSeeded(instance: DuckDBInstance): Promise<void> {
  const connection = await instance.connect();
  const without = (kind: string, field: string) => {
    const profile = structuredClone(builtInProfiles[kind]!) as { fields: Record<string, unknown> };
    delete profile.fields[field];
    return JSON.stringify(profile);
  };
  await connection.run('UPDATE device_profiles SET profile = $p WHERE kind = $k', { k: 'air-quality', p: without('air-quality', 'pressureHpa') });
  await connection.run('UPDATE device_profiles SET profile = $p WHERE kind = $k', { k: 'traffic', p: without('traffic', 'congested') });
  connection.closeSync();
}

describe('the profile catalogue after an upgrade of Kendali', () => {
  it('brings built-in kinds nobody changed up to the shipped profile, through the store, and leaves kinds an engineer changed alone', async () => {
    await withCatalogue(async (_catalogue, instance) => asIfAnEarlierReleaseSeeded(instance));
    await withCatalogue(async (catalogue) => {
      // An engineer made traffic theirs (a new version of the earlier profile): it stays as they left it.
      const earlierTraffic = catalogue.profile('traffic')!.profile;
      await catalogue.put('traffic', { ...earlierTraffic, intervalS: 120 }, 'teknisi (engineer)');
      const prepared: [string, number, number | undefined][] = [];
      catalogue.onActivate(async (next: DeviceKindSpec, previous: DeviceKindSpec | undefined) => {
        prepared.push([next.kind, next.version, previous?.version]);
      });

      const { upgraded, refused } = await catalogue.upgradeBuiltIns();
      expect(refused).toEqual([]);
      expect(upgraded.map(({ kind, version, builtIn, changedBy, changes }) => ({ kind, version, builtIn, changedBy, changes }))).toEqual([
        { kind: 'air-quality', version: 2, builtIn: true, changedBy: 'kendali', changes: ['field pressureHpa added (number, hPa, 800 … 1100)'] },
      ]);
      expect(prepared).toEqual([['air-quality', 2, 1]]);
      expect(Object.keys(catalogue.spec('air-quality')!.fields)).toContain('pressureHpa');
      expect(catalogue.spec('traffic')!.fields).not.toHaveProperty('congested');
      expect(catalogue.spec('traffic')!.expectedIntervalMs).toBe(120_000);
      // Nothing more to do the next time.
      expect((await catalogue.upgradeBuiltIns()).upgraded).toEqual([]);
    });
    await withCatalogue(async (catalogue) => {
      expect((await catalogue.versions('air-quality')).map((stored) => [stored.version, stored.builtIn])).toEqual([
        [2, true],
        [1, true],
      ]);
      expect((await catalogue.upgradeBuiltIns()).upgraded).toEqual([]);
    });
  });

  it('keeps the earlier version in force when the store refuses the shipped one', async () => {
    await withCatalogue(async (_catalogue, instance) => asIfAnEarlierReleaseSeeded(instance));
    await withCatalogue(async (catalogue) => {
      catalogue.onActivate(async (next) => {
        if (next.kind === 'traffic') throw new Error('field congested: stored readings cannot follow');
      });
      const { upgraded, refused } = await catalogue.upgradeBuiltIns();
      expect(upgraded.map((stored) => stored.kind)).toEqual(['air-quality']);
      expect(refused).toEqual([{ kind: 'traffic', reason: 'field congested: stored readings cannot follow' }]);
      expect(catalogue.profile('traffic')!.version).toBe(1);
      expect(catalogue.spec('traffic')!.fields).not.toHaveProperty('congested');
    });
  });
});
