import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, type DeviceProfile, type Reading } from '@kendali/contracts';
import { ProfileCatalogue } from '../profiles/profile-catalogue';
import { DuckDbTelemetryStore } from './duckdb-telemetry-store';

// The conformance suite checks what every store does with a new profile; this is what only the file
// has, with the profile catalogue on the same file putting versions in force as the core does.
const base = Date.parse('2026-03-10T03:00:00Z');
const minuteMs = 60_000;
const hourMs = 3_600_000;
let dataDir: string;
let file: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-evolution-'));
  file = join(dataDir, 'kendali.duckdb');
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

type FieldOfProfile = DeviceProfile['fields'][string];

const noiseProfile = (extra: Record<string, FieldOfProfile> = {}): DeviceProfile => ({
  labels: { id: 'Kebisingan', en: 'Noise' },
  intervalS: 60,
  fields: { laeqDb: { type: 'number', unit: 'dB(A)', min: 30, max: 130, required: true }, ...extra },
});

const noiseReading = (deviceId: string, i: number, fields: Reading['fields']): Reading => ({
  deviceId, kind: 'noise-level', district: 'Karawaci', ts: base + i * 1_000, receivedAt: base + i * 1_000, fields,
});

async function rows(instance: DuckDBInstance, sql: string): Promise<Record<string, unknown>[]> {
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
  }
}

const columnsOf = (instance: DuckDBInstance, table: string) =>
  rows(instance, `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`);

/** The store and the profile catalogue on the file, wired as the core wires them; both closed whatever happens. */
async function withStore<T>(use: (store: DuckDbTelemetryStore, catalogue: ProfileCatalogue, instance: DuckDBInstance) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(file);
  try {
    const catalogue = await ProfileCatalogue.open(instance, manualClock(base));
    try {
      const store = await DuckDbTelemetryStore.open(instance, { kinds: catalogue });
      catalogue.onActivate((next, previous) => store.prepareKind(next, previous));
      try {
        return await use(store, catalogue, instance);
      } finally {
        await store.close();
      }
    } finally {
      await catalogue.close();
    }
  } finally {
    instance.closeSync();
  }
}

const putNoise = (catalogue: ProfileCatalogue, extra: Record<string, FieldOfProfile> = {}) => catalogue.put('noise-level', noiseProfile(extra), 'test');

describe('DuckDbTelemetryStore.prepareKind', () => {
  it('adds a field between group commits and roll-up runs while readings keep arriving: every acknowledged reading stored and rolled up once', async () => {
    await withStore(async (store, catalogue, instance) => {
      await putNoise(catalogue);
      let changed = false; // the version with peakDb is in force
      let acknowledged = 0;
      let withPeak = 0;
      let changing = false;
      let sentWhileChanging = 0;
      let reachTen: () => void = () => undefined;
      const tenDone = new Promise<void>((resolve) => (reachTen = resolve));
      const send = async (deviceId: string, i: number, fields: Reading['fields']) => {
        if (changing) sentWhileChanging++;
        await store.append([noiseReading(deviceId, i, fields)]);
        acknowledged++;
        if ('peakDb' in fields) withPeak++;
        if (i === 10) reachTen();
      };
      // Each device sends until the change is in force, then 20 readings with the new field.
      const loop = async (deviceId: string) => {
        let i = 0;
        for (; !changed; i++) await send(deviceId, i, { laeqDb: 50 + (i % 40) });
        for (const end = i + 20; i < end; i++) await send(deviceId, i, { laeqDb: 50, peakDb: 90 });
      };
      const loops = ['nl-1', 'nl-2', 'nl-3'].map(loop);
      // The roll-up job runs all along, as its timer would.
      let sending = true;
      const rollingUp = (async () => {
        while (sending) {
          await store.catchUpRollups();
          await new Promise((resolve) => setImmediate(resolve)); // with nothing to roll up it resolves without I/O: let the appends run
        }
      })();
      await tenDone;
      changing = true;
      await putNoise(catalogue, { peakDb: { type: 'number', unit: 'dB(A)', min: 30, max: 140 } });
      changing = false;
      changed = true;
      await Promise.all(loops);
      sending = false;
      await rollingUp;

      expect(sentWhileChanging).toBeGreaterThan(0);
      const [counts] = await rows(instance, `SELECT count(*)::INTEGER AS n, count(DISTINCT (device_id, ts))::INTEGER AS keys, count("peakDb")::INTEGER AS peaks FROM telemetry_noise_level`);
      expect(counts).toEqual({ n: acknowledged, keys: acknowledged, peaks: withPeak });
      expect(withPeak).toBe(60);
      expect(store.storedCount).toBe(acknowledged);
      const tiles = await store.historyAcross({
        kind: 'noise-level', deviceIds: ['nl-1', 'nl-2', 'nl-3'], fields: ['laeqDb', 'peakDb'], fns: ['count'], groupBy: 'kind', fromMs: base, toMs: base + hourMs, everyMs: hourMs, limit: 10,
      });
      expect(tiles.tier).toBe('1h');
      expect(tiles.series.map((series) => [series.field, series.points])).toEqual([
        ['laeqDb', [{ t: base, value: acknowledged }]],
        ['peakDb', [{ t: base, value: withPeak }]],
      ]);
    });
  }, 30_000); // a hang guard: under a loaded CI machine this runs past vitest's 5 s default

  it('widens an integer field to number, refuses what stored readings cannot follow, and changes nothing then', async () => {
    await withStore(async (store, catalogue, instance) => {
      const v1 = { events: { type: 'integer' }, alarmOn: { type: 'boolean' }, spare: { type: 'boolean' }, level: { type: 'number' } } as const;
      await putNoise(catalogue, v1);
      await store.append([noiseReading('nl-1', 0, { laeqDb: 55, events: 3, alarmOn: true, level: 1.5 })]);
      await store.catchUpRollups();
      const before = await columnsOf(instance, 'telemetry_noise_level');
      const beforeTiles = await columnsOf(instance, 'telemetry_1m_noise_level');

      await expect(putNoise(catalogue, { ...v1, alarmOn: { type: 'number' } })).rejects.toMatchObject({
        code: 'KENDALI_ERR_PROFILE_CONFLICT',
        message: expect.stringMatching(/field "alarmOn" cannot change from boolean to number: .*hold boolean values/),
      });
      await expect(putNoise(catalogue, { ...v1, level: { type: 'integer' } })).rejects.toMatchObject({
        code: 'KENDALI_ERR_PROFILE_CONFLICT',
        message: expect.stringMatching(/field "level" cannot change from number to integer: .*not whole/),
      });
      // A field holding no value yet may change type, but not in a refused version: one refusal, nothing changed.
      await expect(putNoise(catalogue, { ...v1, spare: { type: 'number' }, alarmOn: { type: 'integer' } })).rejects.toMatchObject({ code: 'KENDALI_ERR_PROFILE_CONFLICT' });
      expect(await columnsOf(instance, 'telemetry_noise_level')).toEqual(before);
      expect(await columnsOf(instance, 'telemetry_1m_noise_level')).toEqual(beforeTiles);
      expect(catalogue.profile('noise-level')?.version).toBe(1);

      await putNoise(catalogue, { ...v1, events: { type: 'number' }, spare: { type: 'number' } });
      const types = Object.fromEntries((await columnsOf(instance, 'telemetry_noise_level')).map((row) => [row.column_name, row.data_type]));
      expect(types).toMatchObject({ events: 'DOUBLE', spare: 'DOUBLE', alarmOn: 'BOOLEAN' });
      await store.append([noiseReading('nl-1', 1, { laeqDb: 56, events: 2.5, spare: 0.25 })]);
      const window = { deviceId: 'nl-1', kind: 'noise-level', fromMs: base, toMs: base + minuteMs, limit: 10 } as const;
      expect(await store.history({ ...window, field: 'events', fn: 'mean' })).toEqual([
        { t: base, value: 3 },
        { t: base + 1_000, value: 2.5 },
      ]);
      expect(await store.history({ ...window, field: 'spare', fn: 'max', everyMs: minuteMs })).toEqual([{ t: base, value: 0.25 }]);
    });
  });

  it('reopens a file whose tables were evolved with the layout read from it; a removed field stays readable by name', async () => {
    await withStore(async (store, catalogue) => {
      await putNoise(catalogue);
      await store.append([noiseReading('nl-1', 0, { laeqDb: 50 })]);
      await putNoise(catalogue, { peakDb: { type: 'number', unit: 'dB(A)', min: 30, max: 140 } });
      await store.append([noiseReading('nl-1', 1, { laeqDb: 51, peakDb: 80 })]);
      await putNoise(catalogue); // version 3 drops peakDb again; the file keeps its column
    });
    await withStore(async (store, catalogue) => {
      expect(catalogue.profile('noise-level')?.version).toBe(3);
      await store.append([noiseReading('nl-1', 2, { laeqDb: 52 })]);
      const window = { deviceId: 'nl-1', kind: 'noise-level', fromMs: base, toMs: base + minuteMs, fn: 'mean', limit: 10 } as const;
      expect((await store.history({ ...window, field: 'laeqDb' })).map((p) => p.value)).toEqual([50, 51, 52]);
      expect(await store.history({ ...window, field: 'peakDb' })).toEqual([{ t: base + 1_000, value: 80 }]);
      expect(await store.history({ ...window, field: 'peakDb', everyMs: minuteMs })).toEqual([{ t: base, value: 80 }]);
      const across = await store.historyAcross({ kind: 'noise-level', deviceIds: ['nl-1'], fields: ['peakDb'], fns: ['max'], groupBy: 'device', fromMs: base, toMs: base + minuteMs, everyMs: minuteMs, limit: 10 });
      expect(across.series).toEqual([{ group: 'nl-1', field: 'peakDb', fn: 'max', points: [{ t: base, value: 80 }] }]);
      // The live view starts from the fields the profile in force defines.
      expect((await store.latestPerDevice()).find((reading) => reading.deviceId === 'nl-1')?.fields).toEqual({ laeqDb: 52 });
    });
  });
});
