import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kotaTangerang, manualClock, type DeviceInput } from '@kendali/contracts';
import { DeviceRegistry } from './device-registry';

let dataDir: string;
let instance: DuckDBInstance;
const registries: DeviceRegistry[] = [];
const clock = manualClock(Date.parse('2026-03-10T03:00:00Z'));

const open = async () => {
  const registry = await DeviceRegistry.open(instance, clock, [kotaTangerang]);
  registries.push(registry);
  return registry;
};
const post = (id: string, extra: Partial<DeviceInput> = {}): DeviceInput & { id: string } => ({
  id, kind: 'water-level', name: `Pos ${id}`, district: 'Periuk', lat: -6.17, lon: 106.585, metadata: { mountCm: 650 }, ...extra,
});

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-registry-'));
  instance = await DuckDBInstance.create(join(dataDir, 'kendali.duckdb'));
});

afterEach(async () => {
  for (const registry of registries.splice(0)) await registry.close();
  instance.closeSync();
  await rm(dataDir, { recursive: true, force: true });
});

describe('bulk registration', () => {
  it('registers thousands of devices in one statement, with working secrets, and keeps them after a reopen', async () => {
    const registry = await open();
    const rows = Array.from({ length: 5_000 }, (_, i) => post(`wl-${i}`, i % 2 ? { installDate: '2024-05-01' } : { lat: null, lon: null }));
    const { created, updated } = await registry.importDevices(rows);
    expect(created).toHaveLength(5_000);
    expect(updated).toEqual([]);
    await expect(registry.checkCredential('wl-4321', created[4321]!.secret)).resolves.toBe('ok');
    await expect(registry.checkCredential('wl-4321', created[1]!.secret)).resolves.toBe('wrong');

    const reopened = await open();
    expect(reopened.size).toBe(5_000);
    expect(reopened.get('wl-1')).toMatchObject({ installDate: '2024-05-01', lat: -6.17, metadata: { mountCm: 650 } });
    expect(reopened.get('wl-2')).toMatchObject({ installDate: null, lat: null, lon: null });
    expect(reopened.idsInDistrict('Periuk').size).toBe(5_000);
    await expect(reopened.checkCredential('wl-17', created[17]!.secret)).resolves.toBe('ok');
  });

  it('updates devices it already has without changing their secrets, and registers a repeated id once', async () => {
    const registry = await open();
    clock.set(Date.parse('2026-03-10T03:00:00Z'));
    const { created } = await registry.importDevices([post('wl-a'), post('wl-b')]);
    clock.advance(60_000);
    const report = await registry.importDevices([post('wl-a', { name: 'Pintu Air 10' }), post('wl-c'), post('wl-c', { name: 'Kali Ledug' })]);
    expect(report.updated).toEqual(['wl-a']);
    expect(registry.get('wl-a')?.name).toBe('Pintu Air 10');
    expect(registry.get('wl-c')?.name).toBe('Kali Ledug');
    // Stamped by the registry's clock: an update keeps the first registration time.
    expect(registry.get('wl-a')).toMatchObject({ createdAt: '2026-03-10T03:00:00.000Z', credentialSetAt: '2026-03-10T03:00:00.000Z' });
    expect(registry.get('wl-c')).toMatchObject({ createdAt: '2026-03-10T03:01:00.000Z' });
    expect(registry.size).toBe(3);
    await expect(registry.checkCredential('wl-a', created[0]!.secret)).resolves.toBe('ok');
    expect((await open()).get('wl-c')?.name).toBe('Kali Ledug');
  });

  it('writes nothing when one row cannot be stored, and can register again afterwards', async () => {
    const registry = await open();
    await expect(registry.importDevices([post('wl-ok'), post('wl-bad', { installDate: '2024-13-45' })])).rejects.toThrow(/date/i);
    expect(registry.size).toBe(0);
    expect((await open()).size).toBe(0);
    await registry.importDevices([post('wl-ok')]);
    expect((await open()).get('wl-ok')?.name).toBe('Pos wl-ok');
  });
});

describe('a credential mirror (an external broker\'s accounts)', () => {
  it('hears every new secret while it is known, every enable and disable, and every removal, before the call returns', async () => {
    const registry = await open();
    const heard: string[] = [];
    registry.mirrorCredentials({
      secretsSet: async (devices) => void heard.push(...devices.map((d) => `secret ${d.id} ${d.secret.length} ${d.enabled}`)),
      enabledChanged: async (id, enabled) => void heard.push(`${enabled ? 'enable' : 'disable'} ${id}`),
      removed: async (id) => void heard.push(`remove ${id}`),
    });
    const { secret } = await registry.create('wl-1', post('wl-1'));
    expect(heard).toEqual(['secret wl-1 43 true']);
    await registry.update('wl-1', { name: 'renamed' });
    await registry.update('wl-1', { enabled: false });
    const rotated = await registry.rotateSecret('wl-1');
    expect(rotated).not.toBe(secret);
    await registry.upsert('wl-1', { ...post('wl-1'), enabled: true });
    await registry.importDevices([post('wl-1', { enabled: false }), post('wl-2')]);
    await registry.remove('wl-1');
    expect(heard).toEqual(['secret wl-1 43 true', 'disable wl-1', 'secret wl-1 43 false', 'enable wl-1', 'secret wl-2 43 true', 'disable wl-1', 'remove wl-1']);
  });
});
