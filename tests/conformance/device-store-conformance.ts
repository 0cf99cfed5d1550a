import { describe, expect, it } from 'vitest';
import { builtInProfiles, kotaTangerang, manualClock, type DeviceInput, type DeviceKindSpec } from '@kendali/contracts';
import type { DeviceStores } from '@kendali/ingest';
import { storesOnNewPlaces, type ClockedPlace, type NodeStores } from './store-nodes';

export type DeviceNode = NodeStores<DeviceStores>;

const t0 = Date.parse('2026-03-10T03:00:00Z');
export const cities = [kotaTangerang];
export const post = (id: string, extra: Partial<DeviceInput> = {}): DeviceInput & { id: string } => ({
  id,
  kind: 'water-level',
  name: `Pos ${id}`,
  district: 'Periuk',
  lat: -6.17,
  lon: 106.585,
  metadata: { mountCm: 650, gate: 'Pintu Air 10' },
  ...extra,
});

/** A new version of the water-level profile: one more field. */
export const withSalinity = () => {
  const profile = structuredClone(builtInProfiles['water-level']!);
  return { ...profile, fields: { ...profile.fields, salinityPpt: { type: 'number' as const, unit: 'ppt', min: 0, max: 50 } } };
};

/**
 * The contract of the device stores (DeviceRegistry, PendingDevices, ProfileCatalogue), whatever
 * holds them: every behaviour a caller relies on, and that each survives a restart of the node.
 */
export function deviceStoreConformance(name: string, newPlace: () => Promise<ClockedPlace<DeviceStores>>): void {
  describe(`device stores: ${name}`, () => {
    const clock = manualClock(t0);
    const { open, restart } = storesOnNewPlaces(newPlace, clock, t0);

    it('registry: registers, refuses a taken id, disables, rotates, deletes, registers in bulk, and keeps it all across a restart', async () => {
      const { registry } = await open();
      const { secret } = await registry.create('wl-1', post('wl-1', { installDate: '2024-05-01' }));
      await expect(registry.create('wl-1', post('wl-1'))).rejects.toMatchObject({ code: 'KENDALI_ERR_DEVICE_EXISTS' });
      await registry.create('wl-2', post('wl-2', { lat: null, lon: null }));
      await registry.create('wl-gone', post('wl-gone'));
      clock.advance(60_000);
      await registry.update('wl-2', { enabled: false, metadata: { note: 'banjir' } });
      const rotated = await registry.rotateSecret('wl-gone');
      await expect(registry.checkCredential('wl-gone', rotated)).resolves.toBe('ok');
      await registry.remove('wl-gone');
      const { created } = await registry.importDevices(Array.from({ length: 200 }, (_, n) => post(`tr-${n}`, { kind: 'traffic', district: 'Karang Tengah' })));

      const again = (await restart()).registry;
      expect(again.size).toBe(202);
      expect(again.get('wl-1')).toEqual({
        id: 'wl-1', kind: 'water-level', name: 'Pos wl-1', district: 'Periuk', lat: -6.17, lon: 106.585, enabled: true, installDate: '2024-05-01',
        metadata: { mountCm: 650, gate: 'Pintu Air 10' }, createdAt: '2026-03-10T03:00:00.000Z', credentialSetAt: '2026-03-10T03:00:00.000Z',
      });
      expect(again.get('wl-2')).toMatchObject({ enabled: false, lat: null, lon: null, installDate: null, metadata: { note: 'banjir' } });
      expect(again.get('wl-gone')).toBeUndefined();
      expect(again.get('tr-7')).toMatchObject({ kind: 'traffic', district: 'Karang Tengah', createdAt: '2026-03-10T03:01:00.000Z' });
      expect(again.idsInDistrict('Karang Tengah').size).toBe(200);
      await expect(again.checkCredential('wl-1', secret)).resolves.toBe('ok');
      await expect(again.checkCredential('wl-1', rotated)).resolves.toBe('wrong');
      await expect(again.checkCredential('wl-2', secret)).resolves.toBe('disabled');
      await expect(again.checkCredential('tr-199', created[199]!.secret)).resolves.toBe('ok');
      await expect(again.checkCredential('wl-gone', rotated)).resolves.toBe('unknown');
    });

    it('pending devices: counts knocks, keeps an approved device off the list until it claims, across restarts', async () => {
      const { pending } = await open();
      await pending.record('wl-9', '10.0.0.9');
      clock.advance(5_000);
      expect(await pending.record('wl-9', '10.0.0.10')).toEqual({ id: 'wl-9', firstSeen: t0, lastSeen: t0 + 5_000, remoteAddress: '10.0.0.10', attempts: 2 });
      await pending.record('tr-9', '10.0.0.8');
      await pending.record('aq-9', '10.0.0.7');
      await pending.approve('wl-9');
      expect(await pending.remove('aq-9')).toBe(true);
      expect(await pending.remove('aq-9')).toBe(false);
      expect(pending.list().map((entry) => entry.id)).toEqual(['tr-9']);

      const again = (await restart()).pending;
      expect(again.list()).toEqual([{ id: 'tr-9', firstSeen: t0 + 5_000, lastSeen: t0 + 5_000, remoteAddress: '10.0.0.8', attempts: 1 }]);
      expect(again.awaitsClaim('wl-9')).toBe(true);
      expect(again.awaitsClaim('tr-9')).toBe(false);
      await again.claim('wl-9');
      expect((await restart()).pending.awaitsClaim('wl-9')).toBe(false);
    });

    it('profiles: seeds the built-in kinds, puts a version in force through the store, keeps every version across a restart', async () => {
      const { kinds } = await open();
      expect(kinds.profile('water-level')).toMatchObject({ version: 1, builtIn: true, changedBy: 'kendali' });
      const prepared: [string, number, number | undefined][] = [];
      kinds.onActivate(async (next: DeviceKindSpec, previous: DeviceKindSpec | undefined) => void prepared.push([next.kind, next.version, previous?.version]));
      clock.advance(1_000);
      const stored = await kinds.put('water-level', withSalinity(), 'budi (engineer)');
      expect(stored).toMatchObject({ kind: 'water-level', version: 2, builtIn: false, changedAt: '2026-03-10T03:00:01.000Z', changes: ['field salinityPpt added (number, ppt, 0 … 50)'] });
      expect(prepared).toEqual([['water-level', 2, 1]]);
      expect(kinds.spec('water-level')?.fields).toHaveProperty('salinityPpt');

      const again = (await restart()).kinds;
      expect(again.profile('water-level')).toEqual(stored);
      expect(again.spec('water-level')?.version).toBe(2);
      expect((await again.versions('water-level')).map((version) => version.version)).toEqual([2, 1]);
      expect(again.all().map((spec) => spec.kind)).toEqual(expect.arrayContaining(Object.keys(builtInProfiles)));
      expect(await again.upgradeBuiltIns()).toEqual({ upgraded: [], refused: [] });
    });
  });
}
