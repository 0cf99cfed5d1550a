import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInKinds, compileProfile, KindSet, type DeviceKindSpec, type DeviceProfile, type KindLookup, type Reading } from '@kendali/contracts';
import { DuckDbTelemetryStore } from './duckdb-telemetry-store';

// The conformance suite checks what every store does with a new profile; this is what only the file has.
const base = Date.parse('2026-03-10T03:00:00Z');
const minuteMs = 60_000;
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

const noise = (version: number, extra: Record<string, FieldOfProfile> = {}): DeviceKindSpec => compileProfile('noise-level', noiseProfile(extra), version);

/** The kinds as the profile catalogue hands them out: a new version replaces its kind's spec. */
class ChangingKinds implements KindLookup {
  #kinds: KindSet = builtInKinds;
  spec(kind: string): DeviceKindSpec | undefined {
    return this.#kinds.spec(kind);
  }
  all(): readonly DeviceKindSpec[] {
    return this.#kinds.all();
  }
  /** Puts a version in force as the catalogue does: the store prepares first. */
  async put(store: DuckDbTelemetryStore, next: DeviceKindSpec): Promise<void> {
    await store.prepareKind(next, this.spec(next.kind));
    this.#kinds = new KindSet([...this.all().filter((spec) => spec.kind !== next.kind), next]);
  }
}

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

async function withStore<T>(kinds: KindLookup, use: (store: DuckDbTelemetryStore, instance: DuckDBInstance) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(file);
  try {
    const store = await DuckDbTelemetryStore.open(instance, { kinds });
    try {
      return await use(store, instance);
    } finally {
      await store.close();
    }
  } finally {
    instance.closeSync();
  }
}

describe('DuckDbTelemetryStore.prepareKind', () => {
  it('adds a field between group commits while readings keep arriving: every acknowledged reading stored once', async () => {
    const kinds = new ChangingKinds();
    await withStore(kinds, async (store, instance) => {
      await kinds.put(store, noise(1));
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
      await tenDone;
      changing = true;
      await kinds.put(store, noise(2, { peakDb: { type: 'number', unit: 'dB(A)', min: 30, max: 140 } }));
      changing = false;
      changed = true;
      await Promise.all(loops);

      expect(sentWhileChanging).toBeGreaterThan(0);
      const [counts] = await rows(instance, `SELECT count(*)::INTEGER AS n, count(DISTINCT (device_id, ts))::INTEGER AS keys, count("peakDb")::INTEGER AS peaks FROM telemetry_noise_level`);
      expect(counts).toEqual({ n: acknowledged, keys: acknowledged, peaks: withPeak });
      expect(withPeak).toBe(60);
      expect(store.storedCount).toBe(acknowledged);
    });
  });

  it('widens an integer field to number, refuses what stored readings cannot follow, and changes nothing then', async () => {
    const kinds = new ChangingKinds();
    await withStore(kinds, async (store, instance) => {
      const v1 = noise(1, { events: { type: 'integer', unit: '1' }, alarmOn: { type: 'boolean', unit: '' }, spare: { type: 'boolean', unit: '' }, level: { type: 'number', unit: '1' } });
      await kinds.put(store, v1);
      await store.append([noiseReading('nl-1', 0, { laeqDb: 55, events: 3, alarmOn: true, level: 1.5 })]);
      await store.catchUpRollups();
      const before = await columnsOf(instance, 'telemetry_noise_level');
      const beforeTiles = await columnsOf(instance, 'telemetry_1m_noise_level');

      const attempt = (extra: Record<string, FieldOfProfile>) => store.prepareKind(noise(2, { ...extra }), kinds.spec('noise-level'));
      const v1Fields = { events: { type: 'integer', unit: '1' }, alarmOn: { type: 'boolean', unit: '' }, spare: { type: 'boolean', unit: '' }, level: { type: 'number', unit: '1' } } as const;
      await expect(attempt({ ...v1Fields, alarmOn: { type: 'number', unit: '1' } })).rejects.toMatchObject({
        code: 'KENDALI_ERR_PROFILE_CONFLICT',
        message: expect.stringMatching(/field "alarmOn" cannot change from boolean to number: .*hold boolean values/),
      });
      await expect(attempt({ ...v1Fields, level: { type: 'integer', unit: '1' } })).rejects.toMatchObject({
        code: 'KENDALI_ERR_PROFILE_CONFLICT',
        message: expect.stringMatching(/field "level" cannot change from number to integer: .*not whole/),
      });
      // A field holding no value yet may change type, but not in a refused version: one refusal, nothing changed.
      await expect(attempt({ ...v1Fields, spare: { type: 'number', unit: '1' }, alarmOn: { type: 'integer', unit: '1' } })).rejects.toMatchObject({ code: 'KENDALI_ERR_PROFILE_CONFLICT' });
      expect(await columnsOf(instance, 'telemetry_noise_level')).toEqual(before);
      expect(await columnsOf(instance, 'telemetry_1m_noise_level')).toEqual(beforeTiles);

      await kinds.put(store, noise(3, { ...v1Fields, events: { type: 'number', unit: '1' }, spare: { type: 'number', unit: '1' } }));
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
    const kinds = new ChangingKinds();
    const withPeak = noise(2, { peakDb: { type: 'number', unit: 'dB(A)', min: 30, max: 140 } });
    await withStore(kinds, async (store) => {
      await kinds.put(store, noise(1));
      await store.append([noiseReading('nl-1', 0, { laeqDb: 50 })]);
      await kinds.put(store, withPeak);
      await store.append([noiseReading('nl-1', 1, { laeqDb: 51, peakDb: 80 })]);
    });
    // Version 3 drops peakDb again; the file still has its column.
    const reopened = new KindSet([...builtInKinds.all(), noise(3)]);
    await withStore(reopened, async (store) => {
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
