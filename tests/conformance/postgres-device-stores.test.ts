import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInProfiles, manualClock, type ManualClock } from '@kendali/contracts';
import { openDeviceStores, SharedDatabase, type DeviceStores } from '@kendali/ingest';
import { postgresForSuite, serverSuite, waitFor } from '@kendali/test-support';
import { cities, deviceStoreConformance, post, withSalinity, type DeviceNode } from './device-store-conformance';

const suite = serverSuite('postgresql');

// One server for the file; each test its own database. The DuckDB instance the stores are opened
// with is an in-memory one, which they must not use.
const sharedOf = new WeakMap<DeviceStores, SharedDatabase>();

async function openNode(url: string, clock: ManualClock): Promise<DeviceNode> {
  const instance = await DuckDBInstance.create(':memory:');
  const shared = await SharedDatabase.open({ url, maxConnections: 4 });
  try {
    const stores = await openDeviceStores(instance, clock, cities, shared);
    sharedOf.set(stores, shared);
    return {
      stores,
      close: async () => {
        await stores.close();
        await shared.close();
        instance.closeSync();
      },
    };
  } catch (error) {
    await shared.close();
    instance.closeSync();
    throw error;
  }
}

const until = (holds: () => boolean, what: string) => waitFor(() => (holds() ? true : undefined), what);

describe.skipIf(!suite.available)(suite.title('PostgreSQL'), () => {
  const postgres = postgresForSuite({ beforeAll, afterAll });
  const newDatabase = () => postgres.newDatabase('devices');

  deviceStoreConformance('PostgreSQL', async () => {
    const { url } = await newDatabase();
    return { open: (clock) => openNode(url, clock), remove: async () => undefined };
  });

  describe('two nodes on one database', () => {
    const clock = manualClock(Date.parse('2026-03-10T03:00:00Z'));
    let a: DeviceStores;
    let b: DeviceStores;
    const nodes: DeviceNode[] = [];
    let database: string;

    beforeAll(async () => {
      const { name, url } = await newDatabase();
      database = name;
      nodes.push(await openNode(url, clock), await openNode(url, clock));
      [a, b] = nodes.map((node) => node.stores) as [DeviceStores, DeviceStores];
    });

    afterAll(async () => {
      for (const node of nodes) await node.close();
    });

    it('a device registered, disabled, rotated or deleted on one is followed on the other, whose events fire as if local', async () => {
      const revoked: string[] = [];
      const removed: string[] = [];
      b.registry.on('revoked', (id) => revoked.push(id));
      b.registry.on('removed', (id) => removed.push(id));
      const { secret } = await a.registry.create('wl-1', post('wl-1'));
      await waitFor(() => b.registry.get('wl-1'), 'node b to know wl-1');
      await expect(b.registry.checkCredential('wl-1', secret)).resolves.toBe('ok');
      expect(revoked).toEqual([]);

      await a.registry.update('wl-1', { enabled: false });
      await until(() => b.registry.get('wl-1')?.enabled === false, 'wl-1 disabled on b');
      await expect(b.registry.checkCredential('wl-1', secret)).resolves.toBe('disabled');
      expect(revoked).toEqual(['wl-1']);
      await a.registry.update('wl-1', { enabled: true });
      const rotated = await a.registry.rotateSecret('wl-1');
      await until(() => revoked.length === 2, 'the rotation to revoke wl-1 on b');
      await expect(b.registry.checkCredential('wl-1', secret)).resolves.toBe('wrong');
      await expect(b.registry.checkCredential('wl-1', rotated)).resolves.toBe('ok');

      await a.registry.importDevices([post('wl-2'), post('wl-3')]);
      await until(() => b.registry.size === 3, 'the imported devices on b');
      await b.registry.remove('wl-1');
      await until(() => a.registry.get('wl-1') === undefined, 'wl-1 deleted on a');
      await a.registry.remove('wl-2');
      await until(() => removed.length === 2, 'b to hear wl-2 was deleted');
      // wl-1 deleted on b itself fired there once, by the call, not again when its own change came back.
      expect(removed).toEqual(['wl-1', 'wl-2']);
      expect(revoked).toEqual(['wl-1', 'wl-1', 'wl-1', 'wl-2']);
    });

    it('two nodes registering one id at once: one wins, the other is told it exists', async () => {
      const outcomes = await Promise.allSettled([a.registry.create('wl-race', post('wl-race', { name: 'from a' })), b.registry.create('wl-race', post('wl-race', { name: 'from b' }))]);
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
      const lost = outcomes.find((outcome) => outcome.status === 'rejected');
      expect(lost?.reason).toMatchObject({ code: 'KENDALI_ERR_DEVICE_EXISTS' });
      const won = outcomes.find((outcome) => outcome.status === 'fulfilled')!.value;
      await until(() => a.registry.get('wl-race')?.name === won.name && b.registry.get('wl-race')?.name === won.name, 'both nodes to hold the winner');
      await expect(a.registry.checkCredential('wl-race', won.secret)).resolves.toBe('ok');
      await expect(b.registry.checkCredential('wl-race', won.secret)).resolves.toBe('ok');
    });

    it('a change on one to a device the other deleted, before it heard, is refused and does not bring the device back', async () => {
      await a.registry.create('wl-late', post('wl-late'));
      await waitFor(() => b.registry.get('wl-late'), 'node b to know wl-late');
      const lost = new Promise<void>((resolve) => b.registry.once('removed', () => resolve()));
      // b's listening connection cut: it hears of the deletion only once it listens again and reads the table anew.
      const shared = sharedOf.get(b)!;
      const cut = new Promise<void>((resolve) => shared.once('listenerLost', () => resolve()));
      await postgres.query(database, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database() AND pid <> pg_backend_pid()`);
      await cut;
      await a.registry.remove('wl-late');
      await expect(b.registry.update('wl-late', { name: 'renamed on b' })).rejects.toMatchObject({ code: 'KENDALI_ERR_DEVICE_NOT_FOUND' });
      await lost;
      expect(b.registry.get('wl-late')).toBeUndefined();
      expect(await postgres.query(database, `SELECT id FROM devices WHERE id = 'wl-late'`)).toEqual([]);
    });

    it('a knock, approval and claim on one is on the other’s list', async () => {
      await a.pending.record('aq-7', '10.0.0.7');
      await b.pending.record('aq-7', '10.0.0.8');
      await until(() => a.pending.get('aq-7')?.attempts === 2, 'both knocks counted on a');
      await b.pending.approve('aq-7');
      await until(() => a.pending.awaitsClaim('aq-7'), 'the approval on b to reach a');
      expect(a.pending.list()).toEqual([]);
      await a.pending.claim('aq-7');
      await until(() => !b.pending.awaitsClaim('aq-7'), 'the claim on a to reach b');
    });

    it('a kind version put in force on one is in force on the other, its store made ready; a version put on both at once is refused on one', async () => {
      const prepared: [string, number][] = [];
      const changed: number[] = [];
      b.kinds.onActivate(async (next) => void prepared.push([next.kind, next.version]));
      b.kinds.on('changed', (spec) => changed.push(spec.version));
      await a.kinds.put('water-level', withSalinity(), 'budi (engineer)');
      await until(() => b.kinds.spec('water-level')?.version === 2, 'version 2 in force on b');
      expect(b.kinds.spec('water-level')?.fields).toHaveProperty('salinityPpt');
      expect(prepared).toEqual([['water-level', 2]]);
      expect(changed).toEqual([2]);

      const both = await Promise.allSettled([a.kinds.put('water-level', { ...withSalinity(), intervalS: 120 }, 'a'), b.kinds.put('water-level', { ...withSalinity(), intervalS: 180 }, 'b')]);
      const refused = both.filter((outcome) => outcome.status === 'rejected');
      expect(refused).toHaveLength(1);
      expect(refused[0]?.reason).toMatchObject({ code: 'KENDALI_ERR_PROFILE_CHANGED', message: expect.stringMatching(/version 3 of kind "water-level" was put in force by another node first/) });
      await until(() => a.kinds.spec('water-level')?.version === 3 && b.kinds.spec('water-level')?.version === 3, 'version 3 on both');
      expect(a.kinds.spec('water-level')?.expectedIntervalMs).toBe(b.kinds.spec('water-level')?.expectedIntervalMs);
    });
  });

  it('two nodes starting together upgrade a built-in kind once, neither refused', async () => {
    const { name, url } = await newDatabase();
    await (await SharedDatabase.open({ url })).close();
    // What an earlier release shipped: the air-quality profile without pressureHpa.
    const earlier = structuredClone(builtInProfiles['air-quality']!) as { fields: Record<string, unknown> };
    delete earlier.fields['pressureHpa'];
    await postgres.query(name, `INSERT INTO device_profiles VALUES ('air-quality', 1, true, '${JSON.stringify(earlier)}', 0, 'kendali', '["built in"]')`);
    const clock = manualClock(Date.parse('2026-03-10T03:00:00Z'));
    const both = await Promise.all([openNode(url, clock), openNode(url, clock)]);
    try {
      const results = await Promise.all(both.map((node) => node.stores.kinds.upgradeBuiltIns()));
      expect(results.flatMap((result) => result.refused)).toEqual([]);
      expect(results.flatMap((result) => result.upgraded).map((stored) => [stored.kind, stored.version])).toEqual([['air-quality', 2]]);
      for (const node of both) await until(() => node.stores.kinds.spec('air-quality')?.version === 2, 'version 2 in force on each node');
      expect((await postgres.query(name, `SELECT version FROM device_profiles WHERE kind = 'air-quality' ORDER BY version`)).map((row) => row.version)).toEqual([1, 2]);
    } finally {
      for (const node of both) await node.close();
    }
  });
});
