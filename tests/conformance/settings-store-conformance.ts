import { describe, expect, it } from 'vitest';
import type { SettingsRecord, SettingsStore } from '@kendali/ingest';
import { openForSuite, type NodeStores, type StorePlace } from './store-nodes';

const t0 = Date.parse('2026-03-10T03:00:00Z');
const schedule = [
  { from: '18:00', level: 1 },
  { from: '23:00', level: 0.4 },
];

const desired = (deviceId: string, version: number, previous?: SettingsRecord): SettingsRecord => ({
  deviceId,
  desired: { reportIntervalS: 60, dimmingSchedule: schedule },
  version,
  desiredAt: t0 + version,
  desiredBy: 'engineer (engineer)',
  reported: previous?.reported ?? null,
  reportedVersion: previous?.reportedVersion ?? null,
  reportedAt: previous?.reportedAt ?? null,
  differentSince: t0 + version,
});

/**
 * The contract of a settings store, whatever holds it: one record per device, given back as kept,
 * each change made on the record as it stands, and kept across a restart.
 */
export function settingsStoreConformance(name: string, newPlace: () => Promise<StorePlace<NodeStores<SettingsStore>>>): void {
  describe(`settings store: ${name}`, () => {
    const node = openForSuite(newPlace);

    it('changes the record as it stands and gives it back as kept, nested values and nulls alike', async () => {
      const seen: (SettingsRecord | undefined)[] = [];
      const first = await node.store.change('sl-1', undefined, (previous) => {
        seen.push(previous);
        return desired('sl-1', 1);
      });
      expect(first).toEqual(desired('sl-1', 1));
      const reported = await node.store.change('sl-1', first, (previous) => {
        seen.push(previous);
        return { ...previous!, reported: { reportIntervalS: 60, dimmingSchedule: schedule, firmware: '2.1' }, reportedVersion: 1, reportedAt: t0 + 50, differentSince: null };
      });
      expect(seen).toEqual([undefined, first]);
      expect(await node.store.get('sl-1')).toEqual(reported);
      expect(await node.store.get('sl-unknown')).toBeUndefined();
      await node.store.change('aq-1', undefined, () => ({ ...desired('aq-1', 0), desired: {}, desiredAt: null, desiredBy: null, reported: { reportIntervalS: 120 }, reportedAt: t0, differentSince: null }));
      expect((await node.store.all()).map((record) => record.deviceId)).toEqual(['aq-1', 'sl-1']);
    });

    it('forgets a removed device, and keeps the others across a restart', async () => {
      await node.store.change('sl-2', undefined, () => desired('sl-2', 1));
      await node.store.change('sl-3', undefined, () => desired('sl-3', 4));
      await node.store.remove('sl-2');
      expect(await node.store.get('sl-2')).toBeUndefined();
      await node.restart();
      expect(await node.store.get('sl-3')).toEqual(desired('sl-3', 4));
      expect((await node.store.all()).map((record) => record.deviceId)).toEqual(['aq-1', 'sl-1', 'sl-3']);
    });
  });
}
