import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, type AlarmRule } from '@kendali/contracts';
import { openCore } from '../assemble';
import { defaultIngestOptions } from '../ingest-options';
import { AlarmStore } from './alarm-store';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-rule-migration-'));
});

afterEach(() => rm(dataDir, { recursive: true, force: true }));

/** A street-light rule as versions before daylight-from-the-sun stored it: fixed WIB hours. */
const hourRule = {
  id: 'pju-karawaci',
  name: 'PJU Karawaci',
  type: 'street-light-schedule',
  enabled: true,
  scope: { district: 'Karawaci' },
  minDurationMs: 600_000,
  dayStartHour: 6.5,
  dayEndHour: 17.5,
  nightStartHour: 18.5,
  nightEndHour: 5.25,
  severity: 'major',
} as unknown as AlarmRule;

describe('rules stored before daylight came from the sun', () => {
  it('load with the default margin instead of the fixed hours, keeping everything else', async () => {
    const instance = await DuckDBInstance.create(join(dataDir, 'kendali.duckdb'));
    const store = await AlarmStore.open(instance);
    await store.saveRules({ version: 3, rules: [hourRule] }, 'engineer (old version)', Date.parse('2026-01-05T03:00:00Z'));
    await store.close();
    instance.closeSync();

    const core = await openCore({ ...defaultIngestOptions, dataDir, clock: manualClock(Date.parse('2026-06-15T03:00:00Z')) });
    try {
      expect(core.alarms.rules).toEqual({
        version: 3,
        rules: [
          { id: 'pju-karawaci', name: 'PJU Karawaci', type: 'street-light-schedule', enabled: true, scope: { district: 'Karawaci' }, minDurationMs: 600_000, marginMinutes: 20, severity: 'major' },
          // Kept before settings existed: the document gains the default drift rule.
          { id: 'settings-drift', name: 'Settings not applied', type: 'settings-drift', enabled: true, scope: {}, minDurationMs: 600_000, severity: 'minor' },
        ],
      });
      // The migrated document is a valid one: saving it again as a new version is accepted.
      const next = await core.alarms.replaceRules({ rules: core.alarms.rules.rules }, 'engineer');
      expect(next.version).toBe(4);
    } finally {
      await core.close();
    }
  });
});
