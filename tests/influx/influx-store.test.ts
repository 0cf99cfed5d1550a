import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '@kendali/contracts';
import { InfluxTelemetryStore, type InfluxStoreOptions } from '@kendali/ingest';
import { influxdProgram, startInfluxd, type Influxd, systemSuite, testedVersions, makeTempDir, waitFor } from '@kendali/test-support';
import { influxStoreOptions } from './influx-fixtures';

// What only the InfluxDB store does (its spool, its settings); what every store does is in influx-store-conformance.test.ts.
const suite = systemSuite(influxdProgram, 'apt-get install influxdb', testedVersions.influxd);

describe.skipIf(!suite.available)(suite.title('InfluxTelemetryStore against a real influxd'), () => {
  let influxd: Influxd;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const open: InfluxTelemetryStore[] = [];
  let databases = 0;

  beforeAll(async () => {
    influxd = await startInfluxd();
    temp = await makeTempDir('influx-store');
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });
  afterAll(async () => {
    await influxd?.close();
    await temp?.remove();
  });

  /** A fresh database and spool folder per test, with quick retries. */
  async function openStore(overrides: Partial<InfluxStoreOptions> = {}, create = true): Promise<{ store: InfluxTelemetryStore; options: InfluxStoreOptions }> {
    const database = `store_${++databases}`;
    if (create) await influxd.createDatabase(database);
    const options = influxStoreOptions(influxd.url, database, join(temp.path, database), overrides);
    const store = await InfluxTelemetryStore.open(options);
    open.push(store);
    return { store, options };
  }
  const drained = (store: InfluxTelemetryStore) => waitFor(() => (store.health().ok && store.health().backlogReadings === 0 ? true : undefined), 'an empty spool');
  const count = async (database: string, measurement = 'traffic') =>
    Number((await influxd.query(`SELECT count("vehicleCount") FROM "${measurement}"`, database))[0]?.values[0]?.[1] ?? 0);

  const base = Date.now() - 10 * 60_000;
  const traffic = (i: number, deviceId = 'tr-1'): Reading => ({
    deviceId, kind: 'traffic', district: 'Tangerang', ts: base + i * 1_000, receivedAt: base + i * 1_000,
    fields: { vehicleCount: i, occupancy: i / 100, congested: i % 2 === 0 },
  });

  it('replays the whole spool after losing its checkpoint, and every point is still there exactly once', async () => {
    const first = await openStore();
    await first.store.append(Array.from({ length: 500 }, (_, i) => traffic(i)));
    await drained(first.store);
    await first.store.close();
    open.splice(open.indexOf(first.store), 1);
    expect(await count(first.options.database)).toBe(500);

    // As if the process died after InfluxDB confirmed the writes but before the checkpoint moved.
    await rm(join(first.options.spoolDir, 'checkpoint.json'));
    const again = await InfluxTelemetryStore.open(first.options);
    open.push(again);
    expect(again.recovery.backlogRecords).toBe(500);
    await drained(again);
    expect(again.health().forwardedCount).toBe(500);
    expect(await count(first.options.database)).toBe(500); // same series + timestamp overwrites: idempotent
  });

  it('names KENDALI_INFLUX_DATABASE while the database is missing, keeps spooling, and delivers once it exists', async () => {
    const { store, options } = await openStore({}, false);
    await store.append([traffic(1), traffic(2)]);
    const health = await waitFor(() => (store.health().detail.includes('KENDALI_INFLUX_DATABASE') ? store.health() : undefined), 'the missing-database state');
    expect(health).toMatchObject({ ok: false, backlogReadings: 2 });
    expect(health.detail).toContain(`CREATE DATABASE "${options.database}"`);
    await influxd.createDatabase(options.database);
    await drained(store);
    expect(await count(options.database)).toBe(2);
  });

  it('names KENDALI_INFLUX_URL while nothing answers there', async () => {
    const { store } = await openStore({ url: 'http://127.0.0.1:9' }, false);
    await store.append([traffic(1)]);
    const health = await waitFor(() => (store.health().detail.includes('unreachable') ? store.health() : undefined), 'the unreachable state');
    expect(health.detail).toMatch(/KENDALI_INFLUX_URL=http:\/\/127\.0\.0\.1:9 is unreachable \(ECONNREFUSED\)/);
    expect(health.backlogReadings).toBe(1);
  });

  it('at KENDALI_SPOOL_MAX_BYTES holds appends (no PUBACK) until InfluxDB is back, then delivers all of them once', async () => {
    const { store, options } = await openStore({ spoolMaxBytes: 64 * 1024 });
    await influxd.stop();
    try {
      let appended = 0;
      const appends: Promise<void>[] = [];
      for (let i = 0; i < 1_200; i += 100) {
        appends.push(store.append(Array.from({ length: 100 }, (_, j) => traffic(i + j, 'tr-bound'))).then(() => void (appended += 100)));
      }
      await waitFor(() => (store.health().waitingAppends > 0 && appended > 0 ? true : undefined), 'appends held at the bound');
      const held = store.health();
      expect(held.ok).toBe(false);
      expect(held.detail).toContain('KENDALI_SPOOL_MAX_BYTES');
      expect(held.backlogBytes).toBeLessThanOrEqual(64 * 1024);
      expect(appended).toBeLessThan(1_200);
      expect(appended).toBe(held.backlogReadings); // acknowledged = durable in the spool, nothing beyond the bound
    } finally {
      await influxd.start();
    }
    await waitFor(() => (store.health().backlogReadings === 0 && store.health().waitingAppends === 0 ? true : undefined), 'the held appends', 30_000);
    expect(await count(options.database)).toBe(1_200);
  });
});
