import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reading } from '@kendali/contracts';
import { DuckDbTelemetryStore } from './duckdb-telemetry-store';

// The store's own contract runs in tests/conformance; this is what only the embedded file has.
const base = Date.parse('2026-03-10T03:00:00Z');
const minuteMs = 60_000;
let dataDir: string;
let file: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-telemetry-'));
  file = join(dataDir, 'kendali.duckdb');
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs `use` on the store opened on the file, and closes both whatever happens. */
async function withStore<T>(use: (store: DuckDbTelemetryStore, instance: DuckDBInstance) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(file);
  try {
    const store = await DuckDbTelemetryStore.open(instance);
    try {
      return await use(store, instance);
    } finally {
      await store.close();
    }
  } finally {
    instance.closeSync();
  }
}

async function rows(instance: DuckDBInstance, sql: string): Promise<Record<string, unknown>[]> {
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
  }
}

const level = (store: DuckDbTelemetryStore, deviceId: string, field: string) =>
  store.history({ deviceId, kind: 'water-level', field, fromMs: base, toMs: base + 10 * minuteMs, fn: 'mean', limit: 100 });

describe('DuckDbTelemetryStore on a file made before readings had a key', () => {
  it('merges readings stored twice at one device and time, the last written winning per field, then keeps one per key', async () => {
    // A file as Kendali wrote it before: the water-level table without a key, with a resent reading in it.
    const old = await DuckDBInstance.create(file);
    const connection = await old.connect();
    await connection.run(`CREATE TABLE telemetry_water_level (device_id VARCHAR NOT NULL, district VARCHAR NOT NULL, ts TIMESTAMP NOT NULL, received_at TIMESTAMP NOT NULL)`);
    for (const column of ['waterLevelCm', 'sensorDistanceCm', 'rainfallMmPerHour', 'batteryV']) {
      await connection.run(`ALTER TABLE telemetry_water_level ADD COLUMN IF NOT EXISTS "${column}" DOUBLE`);
    }
    const t = (minute: number, secondMs = 0) => `make_timestamp(${(base + minute * minuteMs + secondMs) * 1000})`;
    await connection.run(`INSERT INTO telemetry_water_level (device_id, district, ts, received_at, "waterLevelCm", "batteryV") VALUES
      ('wl-1', 'Periuk', ${t(0)}, ${t(0, 40)}, 100, 12.5),
      ('wl-1', 'Periuk', ${t(1)}, ${t(1, 40)}, 101, NULL),
      ('wl-2', 'Cipondoh', ${t(0)}, ${t(0, 40)}, 300, NULL),
      ('wl-1', 'Karawaci', ${t(0)}, ${t(2)}, 130, NULL),
      ('wl-1', 'Karawaci', ${t(0)}, ${t(3)}, 140, NULL)`);
    connection.closeSync();
    old.closeSync();

    await withStore(async (store, instance) => {
      expect(await level(store, 'wl-1', 'waterLevelCm')).toEqual([{ t: base, value: 140 }, { t: base + minuteMs, value: 101 }]);
      expect(await level(store, 'wl-1', 'batteryV')).toEqual([{ t: base, value: 12.5 }]); // only the first write carried it
      expect(await level(store, 'wl-2', 'waterLevelCm')).toEqual([{ t: base, value: 300 }]);
      const merged = await rows(instance, `SELECT district, epoch_ms(received_at) AS received FROM telemetry_water_level WHERE device_id = 'wl-1' AND ts = ${t(0)}`);
      expect(merged).toEqual([{ district: 'Karawaci', received: String(base + 3 * minuteMs) }]);
      const keys = await rows(instance, `SELECT table_name, constraint_column_names AS columns FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' AND table_name LIKE 'telemetry_%' ORDER BY 1`);
      expect(keys).toHaveLength(5); // every kind's table, the old one and those made now
      expect(keys.every((key) => JSON.stringify(key.columns) === '["device_id","ts"]')).toBe(true);

      // Resent again after the change: still one row.
      const resent: Reading = { deviceId: 'wl-1', kind: 'water-level', district: 'Karawaci', ts: base, receivedAt: base + 4 * minuteMs, fields: { waterLevelCm: 150 } };
      await store.append([resent]);
      expect(await level(store, 'wl-1', 'waterLevelCm')).toEqual([{ t: base, value: 150 }, { t: base + minuteMs, value: 101 }]);
    });

    // Opening the migrated file again changes nothing.
    await withStore(async (store, instance) => {
      expect(await rows(instance, 'SELECT count(*) AS n FROM telemetry_water_level')).toEqual([{ n: '3' }]);
      expect(await level(store, 'wl-1', 'batteryV')).toEqual([{ t: base, value: 12.5 }]);
    });
  });
});

describe('DuckDbTelemetryStore commits', () => {
  it('stores nothing of a failed commit, not even with the next one', async () => {
    await withStore(async (store, instance) => {
      const reading = (deviceId: string, fields: Reading['fields']): Reading => ({ deviceId, kind: 'traffic', district: 'Tangerang', ts: base, receivedAt: base, fields });
      // vehicleCount is a BIGINT column: a value past its range fails the whole commit.
      await expect(store.append([reading('tr-1', { vehicleCount: 1 }), reading('tr-2', { vehicleCount: 2 ** 70 })])).rejects.toThrow();
      await store.append([reading('tr-3', { vehicleCount: 3 })]);
      expect(await rows(instance, 'SELECT device_id FROM telemetry_traffic')).toEqual([{ device_id: 'tr-3' }]);
    });
  });

  const post = (ts: number, fields: Reading['fields']): Reading => ({ deviceId: 'wl-1', kind: 'water-level', district: 'Karawaci', ts, receivedAt: ts, fields });
  const stored = (instance: DuckDBInstance) =>
    rows(instance, 'SELECT epoch_ms(ts)::DOUBLE AS ts, "waterLevelCm", "batteryV" FROM telemetry_water_level ORDER BY ts');

  it('appends new readings straight in and upserts only one that repeats a (device, ts) stored before a restart', async () => {
    await withStore((store) => store.append([post(base, { waterLevelCm: 100 })]));
    await withStore(async (store, instance) => {
      // The newest stored time of wl-1 was read at open: base repeats it, base + 1 minute is new.
      await store.append([post(base, { batteryV: 12.1 }), post(base + minuteMs, { waterLevelCm: 101 })]);
      expect(store.upsertedCount).toBe(1);
      await store.append([post(base + 2 * minuteMs, { waterLevelCm: 102 })]);
      expect(store.upsertedCount).toBe(1);
      expect(await stored(instance)).toEqual([
        { ts: base, waterLevelCm: 100, batteryV: 12.1 },
        { ts: base + minuteMs, waterLevelCm: 101, batteryV: null },
        { ts: base + 2 * minuteMs, waterLevelCm: 102, batteryV: null },
      ]);
    });
  });

  it('puts a commit through the upsert when a straight append meets a row written behind its back, losing nothing', async () => {
    await withStore(async (store, instance) => {
      await store.append([post(base, { waterLevelCm: 100 })]);
      const other = await instance.connect();
      await other.run(`INSERT INTO telemetry_water_level (device_id, district, ts, received_at, "batteryV") VALUES ('wl-1', 'Karawaci', make_timestamp(${(base + minuteMs) * 1000}), make_timestamp(${(base + minuteMs) * 1000}), 12.4)`);
      other.closeSync();
      await store.append([post(base + minuteMs, { waterLevelCm: 101 }), post(base + 2 * minuteMs, { waterLevelCm: 102 })]);
      expect(store.upsertedCount).toBe(2);
      expect(store.storedCount).toBe(3);
      expect(await stored(instance)).toEqual([
        { ts: base, waterLevelCm: 100, batteryV: null },
        { ts: base + minuteMs, waterLevelCm: 101, batteryV: 12.4 },
        { ts: base + 2 * minuteMs, waterLevelCm: 102, batteryV: null },
      ]);
      // The times were read again: the next new reading goes straight in.
      await store.append([post(base + 3 * minuteMs, { waterLevelCm: 103 })]);
      expect(store.upsertedCount).toBe(2);
    });
  });
});
