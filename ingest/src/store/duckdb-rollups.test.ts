import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, type AggregateFn, type ManualClock, type Reading } from '@kendali/contracts';
import { DuckDbTelemetryStore } from './duckdb-telemetry-store';
import type { AcrossAnswer, AcrossQuery } from './telemetry-store';

const base = Date.parse('2026-03-10T00:00:00Z');
const minuteMs = 60_000;
const hourMs = 3_600_000;
const dayMs = 86_400_000;
const fns: AggregateFn[] = ['mean', 'min', 'max', 'last', 'count'];
const fields = ['vehicleCount', 'avgSpeedKmh', 'occupancy', 'congested'];
const devices = ['tr-1', 'tr-2', 'tr-3'];
const districtOf: Record<string, string> = { 'tr-1': 'Cipondoh', 'tr-2': 'Cipondoh', 'tr-3': 'Pinang' };

let dataDir: string;
let instance: DuckDBInstance;
let clock: ManualClock;
let store: DuckDbTelemetryStore;
/** The same file read without roll-ups: every answer from raw readings, the reference. */
let raw: DuckDbTelemetryStore;

/**
 * A traffic reading every 20 s, each device a second apart (so the last of a district is one
 * reading); values are quarters, so sums are exact in any order.
 */
function traffic(deviceId: string, step: number): Reading {
  const ts = base + step * 20_000 + Number(deviceId.slice(3)) * 1000;
  const n = step + deviceId.length * 7 + Number(deviceId.slice(3)) * 13;
  const fields: Reading['fields'] = { vehicleCount: n % 37, avgSpeedKmh: (n % 50) * 0.25 + 10, congested: n % 3 === 0 };
  if (step % 4 !== 0) fields.occupancy = (n % 4) * 0.25; // absent from every fourth reading
  return { deviceId, kind: 'traffic', district: districtOf[deviceId]!, ts, receivedAt: ts + 500, fields };
}

function readingsOf(fromStep: number, toStep: number): Reading[] {
  const readings: Reading[] = [];
  for (let step = fromStep; step < toStep; step++) for (const id of devices) readings.push(traffic(id, step));
  return readings;
}

const sorted = (answer: AcrossAnswer) =>
  [...answer.series].sort((a, b) => `${a.group}/${a.field}/${a.fn}`.localeCompare(`${b.group}/${b.field}/${b.fn}`));

/** The answer from the tier the store picks, checked against raw readings; resolves with the tier. */
async function expectSameAsRaw(query: Omit<AcrossQuery, 'kind' | 'deviceIds' | 'fields' | 'fns' | 'limit'>): Promise<string> {
  const full: AcrossQuery = { kind: 'traffic', deviceIds: devices, fields, fns, limit: 10_000, ...query };
  const [tiered, reference] = await Promise.all([store.historyAcross(full), raw.historyAcross(full)]);
  expect(reference.tier).toBe('raw');
  expect(reference.series.length).toBeGreaterThan(0);
  expect(sorted(tiered)).toEqual(sorted(reference));
  return tiered.tier;
}

async function count(sql: string): Promise<number> {
  const connection = await instance.connect();
  try {
    return Number((await connection.runAndReadAll(sql)).getRowObjectsJS()[0]?.n);
  } finally {
    connection.closeSync();
  }
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-rollups-'));
  instance = await DuckDBInstance.create(join(dataDir, 'kendali.duckdb'));
  clock = manualClock(base + 3 * hourMs);
  store = await DuckDbTelemetryStore.open(instance, { clock });
  raw = await DuckDbTelemetryStore.open(instance, { clock, rollups: false });
});

afterEach(async () => {
  await raw.close();
  await store.close();
  instance.closeSync();
  await rm(dataDir, { recursive: true, force: true });
});

describe('roll-ups answer as raw readings do', () => {
  it('gives every aggregate of every field equal on raw, 1-minute and hourly tiers, a late reading included', async () => {
    // Three hours in three commits, each rolled up before the next.
    for (const [from, to] of [[0, 180], [180, 360], [360, 540]] as const) {
      await store.append(readingsOf(from, to));
      expect(await store.catchUpRollups()).toBeGreaterThan(0);
    }
    // Late: a new reading in a rolled-up minute, and a resent one that changes a stored value.
    await store.append([
      { deviceId: 'tr-1', kind: 'traffic', district: 'Cipondoh', ts: base + 5 * minuteMs + 7_000, receivedAt: base + 3 * hourMs, fields: { vehicleCount: 1000, congested: true, avgSpeedKmh: 99.5 } },
      { ...traffic('tr-2', 33), fields: { vehicleCount: 500, congested: false } },
    ]);

    for (const groupBy of ['device', 'district', 'kind'] as const) {
      expect(await expectSameAsRaw({ groupBy, fromMs: base, toMs: base + 3 * hourMs, everyMs: minuteMs })).toBe('1m');
      expect(await expectSameAsRaw({ groupBy, fromMs: base, toMs: base + 3 * hourMs, everyMs: 5 * minuteMs })).toBe('1m');
      expect(await expectSameAsRaw({ groupBy, fromMs: base, toMs: base + 3 * hourMs, everyMs: hourMs })).toBe('1h');
    }
    // Ragged ends (a range up to "now"): whole hours from the hourly tier, minutes and seconds around them.
    expect(await expectSameAsRaw({ groupBy: 'device', fromMs: base + 17_000, toMs: base + 2 * hourMs + 43_000, everyMs: 2 * hourMs })).toBe('1h');
    expect(await expectSameAsRaw({ groupBy: 'district', fromMs: base + 4 * minuteMs + 3_000, toMs: base + 9 * minuteMs + 1_000, everyMs: hourMs })).toBe('1h');
    // A day on a city's midnight (UTC+7).
    expect(await expectSameAsRaw({ groupBy: 'kind', fromMs: base - dayMs, toMs: base + dayMs, everyMs: dayMs, originMs: -7 * hourMs })).toBe('1h');

    for (const field of fields) {
      for (const fn of fns) {
        for (const everyMs of [10 * minuteMs, hourMs]) {
          const query = { deviceId: 'tr-1', kind: 'traffic', field, fn, fromMs: base, toMs: base + 3 * hourMs, everyMs, limit: 1000 } as const;
          expect(store.historyTier(query)).toBe(everyMs === hourMs ? '1h' : '1m');
          expect(await store.history(query)).toEqual(await raw.history(query));
        }
      }
    }
  });

  it('counts a reading committed just before the query, rolled up or not', async () => {
    await store.append(readingsOf(0, 90));
    await store.catchUpRollups();
    const query = { deviceId: 'tr-3', kind: 'traffic', field: 'vehicleCount', fn: 'count', fromMs: base, toMs: base + hourMs, everyMs: hourMs, limit: 10 } as const;
    expect(await store.history(query)).toEqual([{ t: base, value: 90 }]);
    await store.append([traffic('tr-3', 91)]);
    expect(await store.history(query)).toEqual([{ t: base, value: 91 }]);
    expect(store.rollupStatus()?.lagSeconds).toBe(0);
  });

  it('rolls up every reading while the job runs between commits all along, a bucket touched by commit after commit', async () => {
    // Each device appends one reading at a time into the same minutes while the job runs without
    // pause: a commit landing while the job takes the notes must note its bucket again.
    let appending = true;
    const job = (async () => {
      while (appending) {
        await store.catchUpRollups();
        await new Promise((resolve) => setImmediate(resolve)); // with nothing to roll up it resolves without I/O: let the appends run
      }
    })();
    await Promise.all(devices.map(async (id) => {
      for (let step = 0; step < 60; step++) await store.append([traffic(id, step)]);
    }));
    appending = false;
    await job;
    for (const groupBy of ['device', 'kind'] as const) {
      expect(await expectSameAsRaw({ groupBy, fromMs: base, toMs: base + hourMs, everyMs: hourMs })).toBe('1h');
      expect(await expectSameAsRaw({ groupBy, fromMs: base, toMs: base + hourMs, everyMs: minuteMs })).toBe('1m');
    }
  }, 30_000); // a hang guard: under a loaded CI machine this runs past vitest's 5 s default
});

describe('roll-up notes across a restart', () => {
  it('rolls up after reopening what was committed but not rolled up before the store closed', async () => {
    await store.append(readingsOf(0, 30));
    await store.close();
    store = await DuckDbTelemetryStore.open(instance, { clock });
    expect(store.rollupStatus()?.lagSeconds).toBe(0); // waiting since the reopening, by the clock
    clock.advance(4_000);
    expect(store.rollupStatus()?.lagSeconds).toBe(4);
    const query = { deviceId: 'tr-2', kind: 'traffic', field: 'vehicleCount', fn: 'count', fromMs: base, toMs: base + hourMs, everyMs: hourMs, limit: 10 } as const;
    expect(await store.history(query)).toEqual([{ t: base, value: 30 }]);
    expect(await count('SELECT count(*) AS n FROM telemetry_1h_traffic')).toBe(3);
    expect(await count('SELECT count(*) AS n FROM telemetry_rollup_dirty')).toBe(0);
    expect(store.rollupStatus()?.lagSeconds).toBe(0);
  });
});

describe('retention', () => {
  it('deletes raw readings past their retention, keeps their roll-ups, and answers old ranges from them', async () => {
    await store.append(readingsOf(0, 540));
    await store.catchUpRollups();
    const old = { groupBy: 'device', fromMs: base, toMs: base + 3 * hourMs, everyMs: hourMs } as const;
    const before = await store.historyAcross({ kind: 'traffic', deviceIds: devices, fields, fns, limit: 100, ...old });

    clock.set(base + 31 * dayMs);
    await store.append([traffic('tr-1', 31 * 4320)]); // a reading of today, 31 days on
    const deleted = await store.applyRetention();
    expect(deleted).toEqual({ raw: 540 * 3, '1m': 0 });
    expect(await count('SELECT count(*) AS n FROM telemetry_traffic')).toBe(1);
    expect(store.rollupStatus()?.retentionDeletedRows).toEqual({ raw: 540 * 3, '1m': 0 });

    const after = await store.historyAcross({ kind: 'traffic', deviceIds: devices, fields, fns, limit: 100, ...old });
    expect(after.tier).toBe('1h');
    expect(after).toEqual(before);
    expect((await raw.historyAcross({ kind: 'traffic', deviceIds: devices, fields, fns, limit: 100, ...old })).series).toEqual([]);

    // 13 months on the 1-minute buckets go too; the hourly ones stay for good.
    clock.set(base + 396 * dayMs);
    expect((await store.applyRetention())['1m']).toBe(180 * 3);
    expect(await count('SELECT count(*) AS n FROM telemetry_1m_traffic WHERE bucket < make_timestamp(' + (base + dayMs) * 1000 + ')')).toBe(0);
    expect(await store.historyAcross({ kind: 'traffic', deviceIds: devices, fields, fns, limit: 100, ...old })).toEqual(before);
  });

  it('keeps raw readings whose buckets wait to be rolled up', async () => {
    clock.set(base + 31 * dayMs);
    await store.append(readingsOf(0, 30)); // already past retention, noted but not rolled up
    expect(await store.applyRetention()).toEqual({ raw: 0, '1m': 0 });
    expect(await count('SELECT count(*) AS n FROM telemetry_traffic')).toBe(90);
    await store.catchUpRollups();
    expect((await store.applyRetention()).raw).toBe(90);
    const answer = await store.historyAcross({ kind: 'traffic', deviceIds: devices, fields: ['vehicleCount'], fns: ['count'], groupBy: 'kind', fromMs: base, toMs: base + hourMs, everyMs: hourMs, limit: 10 });
    expect(answer.series[0]?.points).toEqual([{ t: base, value: 90 }]);
  });
});

describe('rebuildRollups', () => {
  it('rolls up readings written straight into the table (a backfill) for the range asked', async () => {
    await store.append(readingsOf(0, 180));
    const connection = await instance.connect();
    try {
      // One more hour of tr-1 copied in by SQL, past the group commit: no roll-up knows of it.
      await connection.run(`INSERT INTO telemetry_traffic (device_id, district, ts, received_at, "vehicleCount", "congested")
        SELECT 'tr-1', 'Cipondoh', make_timestamp((${base + hourMs} + i * 60000) * 1000), make_timestamp((${base + hourMs} + i * 60000) * 1000), i, i % 2 = 0
        FROM range(60) AS t(i)`);
    } finally {
      connection.closeSync();
    }
    const query = { groupBy: 'device', fromMs: base, toMs: base + 2 * hourMs, everyMs: hourMs } as const;
    const full: AcrossQuery = { kind: 'traffic', deviceIds: ['tr-1'], fields: ['vehicleCount', 'congested'], fns, limit: 10, ...query };
    expect((await store.historyAcross(full)).series[0]?.points).toHaveLength(1); // the backfilled hour is missing

    const { buckets } = await store.rebuildRollups({ fromMs: base + hourMs, toMs: base + 2 * hourMs, kind: 'traffic' });
    expect(buckets).toBe(60 + 1);
    expect(sorted(await store.historyAcross(full))).toEqual(sorted(await raw.historyAcross(full)));
  });
});
