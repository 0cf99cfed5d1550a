import { afterEach, describe, expect, it } from 'vitest';
import {
  builtInKinds, builtInKindNames, compileProfile, requireKind,
  type AggregateFn, type DeviceKind, type DeviceKindSpec, type DeviceProfile, type FieldValue, type KindLookup, type Reading,
} from '@kendali/contracts';
import { storageStatus, type HistoryQuery, type TelemetryStore } from '@kendali/ingest';
import { ChangingKinds } from '@kendali/test-support';
import { stringFieldConformance } from './string-field-conformance';

/** A store opened for one test, empty. */
export interface StoreUnderTest {
  readonly store: TelemetryStore;
  /** Resolves once every reading `append` acknowledged can be read back (a forwarding store: its spool is empty). */
  settled(): Promise<void>;
  /** Closes the store and removes what it made. */
  cleanup(): Promise<void>;
}

/**
 * Where the stores legitimately differ today. Each difference is a named flag that the suite
 * checks both ways, so making the stores agree flips a flag here instead of editing a test.
 */
export interface TelemetryStoreBehaviour {
  /**
   * A second reading of a device with the same `ts` (and district) is merged into the first, the
   * fields it carries replacing theirs: true for InfluxDB (same series and timestamp is one point,
   * which also makes spool replays idempotent) and for DuckDB (a key on device and time, upserted).
   */
  readonly onePointPerDeviceAndTime: boolean;
  /**
   * `latestPerDevice` returns each reading's `receivedAt` as stored: true for DuckDB; InfluxDB
   * keeps the measurement time only and returns `ts` there.
   */
  readonly keepsReceivedAt: boolean;
  /**
   * A profile version turning an integer field that holds readings into a number is applied: true
   * for DuckDB (BIGINT widened to DOUBLE); InfluxDB refuses it, as its shards refuse float points
   * for a field they hold as integer.
   */
  readonly widensIntegerToNumber: boolean;
}

// 2026-03-10 10:00 WIB, on a 5-minute boundary: nothing here depends on today's date.
const base = Date.parse('2026-03-10T03:00:00Z');
const minuteMs = 60_000;
const hourMs = 3_600_000;

const traffic = (i: number, deviceId = 'tr-1'): Reading => ({
  deviceId, kind: 'traffic', district: 'Tangerang', ts: base + i * 1_000, receivedAt: base + i * 1_000,
  fields: { vehicleCount: i, occupancy: i / 100, congested: i % 2 === 0 },
});

const waterLevel = (minute: number, waterLevelCm: number, deviceId = 'wl-1'): Reading => ({
  deviceId, kind: 'water-level', district: 'Tangerang', ts: base + minute * minuteMs, receivedAt: base + minute * minuteMs + 40, fields: { waterLevelCm },
});

/** Every field of a kind, valued `step` steps into its range: integers stay whole, numbers are exact binary fractions. */
function allFields(kind: DeviceKind, step: number): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const [name, spec] of Object.entries(requireKind(builtInKinds, kind).fields)) {
    const low = spec.min ?? 0;
    fields[name] = spec.type === 'boolean' ? step % 2 === 0 : spec.type === 'integer' ? low + step + 1 : low + (step + 1) * 0.25;
  }
  return fields;
}

type ProfileFields = DeviceProfile['fields'];

/** The noise meter profile of a kind defined at run time, with `extra` fields beside its sound level. */
const noiseLevel = (version: number, extra: ProfileFields = {}): DeviceKindSpec =>
  compileProfile('noise-level', {
    labels: { id: 'Kebisingan', en: 'Noise' },
    intervalS: 60,
    fields: { laeqDb: { type: 'number', unit: 'dB(A)', min: 30, max: 130, required: true }, ...extra },
  }, version);

const noise = (i: number, fields: Record<string, FieldValue>, deviceId = 'nl-1'): Reading => ({
  deviceId, kind: 'noise-level', district: 'Karawaci', ts: base + i * minuteMs, receivedAt: base + i * minuteMs, fields,
});

/**
 * The `TelemetryStore` contract (ingest/src/store/telemetry-store.ts), run against every
 * implementation: `open` gives a fresh, empty store for each test, reading the kinds from `kinds`
 * (the built-in ones when absent).
 */
export function telemetryStoreConformance(name: string, open: (kinds?: KindLookup) => Promise<StoreUnderTest>, behaviour: TelemetryStoreBehaviour): void {
  describe(`TelemetryStore conformance: ${name}`, () => {
    const opened: StoreUnderTest[] = [];
    afterEach(async () => {
      for (const one of opened.splice(0)) await one.cleanup();
    });
    const openStore = async (kinds?: KindLookup) => {
      const one = await open(kinds);
      opened.push(one);
      return one;
    };
    /** Appends each batch in turn, then waits until all of it can be read. */
    const stored = async (...batches: Reading[][]) => {
      const one = await openStore();
      for (const batch of batches) await one.store.append(batch);
      await one.settled();
      return one.store;
    };
    const query = (overrides: Partial<HistoryQuery> & Pick<HistoryQuery, 'deviceId' | 'kind' | 'field'>): HistoryQuery => ({
      fromMs: base, toMs: base + hourMs, fn: 'mean', limit: 1_000, ...overrides,
    });

    it('stores every kind with every field and reads each back raw, typed as the kind defines it', async () => {
      const readings = builtInKindNames.flatMap((kind) => [0, 1, 2].map((step) => ({
        deviceId: `${kind}-1`, kind, district: 'Karawaci', ts: base + step * minuteMs, receivedAt: base + step * minuteMs, fields: allFields(kind, step),
      })));
      const store = await stored(readings);
      for (const kind of builtInKindNames) {
        for (const [field, spec] of Object.entries(requireKind(builtInKinds, kind).fields)) {
          const points = await store.history(query({ deviceId: `${kind}-1`, kind, field }));
          expect(points, `${kind}.${field}`).toEqual([0, 1, 2].map((step) => ({ t: base + step * minuteMs, value: allFields(kind, step)[field] })));
          const expectedType = spec.type === 'boolean' ? 'boolean' : 'number';
          expect(points.every((p) => typeof p.value === expectedType), `${kind}.${field} is a ${expectedType}`).toBe(true);
          if (spec.type === 'integer') expect(points.every((p) => Number.isInteger(p.value)), `${kind}.${field} is whole`).toBe(true);
        }
      }
    });

    it('writes typed fields and reads history back raw, in buckets, and latest per device', async () => {
      const store = await stored(Array.from({ length: 60 }, (_, i) => traffic(i)), [{ ...traffic(0, 'tr "quoted", spaced=id'), district: 'Karang Tengah' }]);
      const range = { deviceId: 'tr-1', kind: 'traffic' as const, fromMs: base, toMs: base + 60_000, limit: 1_000 };
      const raw = await store.history({ ...range, field: 'vehicleCount', fn: 'mean' });
      expect(raw.map((p) => p.value)).toEqual(Array.from({ length: 60 }, (_, i) => i));
      expect(raw[5]?.t).toBe(base + 5_000);
      const stats = async (fn: AggregateFn, field = 'vehicleCount') => (await store.history({ ...range, field, fn, everyMs: hourMs })).map((p) => p.value);
      expect(await stats('count')).toEqual([60]);
      expect(await stats('min')).toEqual([0]);
      expect(await stats('max')).toEqual([59]);
      expect(await stats('mean')).toEqual([29.5]);
      expect(await stats('last')).toEqual([59]);
      expect(await stats('mean', 'congested')).toEqual([0.5]); // booleans roll up as the share of true
      expect(await stats('count', 'congested')).toEqual([60]);
      const minutes = await store.history({ ...range, field: 'vehicleCount', fn: 'count', everyMs: 60_000 });
      expect(minutes.reduce((sum, p) => sum + Number(p.value), 0)).toBe(60);
      expect(minutes.every((p) => p.t % 60_000 === 0)).toBe(true);

      const latest = await store.latestPerDevice();
      expect(latest.find((r) => r.deviceId === 'tr-1')).toMatchObject({ ts: base + 59_000, district: 'Tangerang', fields: { vehicleCount: 59, occupancy: 0.59, congested: false } });
      expect(latest.find((r) => r.deviceId.startsWith('tr "quoted"'))).toMatchObject({ deviceId: 'tr "quoted", spaced=id', district: 'Karang Tengah' });
    });

    it('rolls up each bucket on its own: mean, min, max, last and count, labelled by the bucket start', async () => {
      // Ten minutes of one reading a minute: 200..209 cm; five-minute buckets hold 200..204 and 205..209.
      const store = await stored(Array.from({ length: 10 }, (_, minute) => waterLevel(minute, 200 + minute)));
      const buckets = async (fn: AggregateFn) =>
        store.history(query({ deviceId: 'wl-1', kind: 'water-level', field: 'waterLevelCm', toMs: base + 10 * minuteMs, everyMs: 5 * minuteMs, fn }));
      const second = base + 5 * minuteMs;
      expect(await buckets('mean')).toEqual([{ t: base, value: 202 }, { t: second, value: 207 }]);
      expect(await buckets('min')).toEqual([{ t: base, value: 200 }, { t: second, value: 205 }]);
      expect(await buckets('max')).toEqual([{ t: base, value: 204 }, { t: second, value: 209 }]);
      expect(await buckets('last')).toEqual([{ t: base, value: 204 }, { t: second, value: 209 }]);
      expect(await buckets('count')).toEqual([{ t: base, value: 5 }, { t: second, value: 5 }]);
      // A range that starts inside a bucket still labels it by the bucket's aligned start.
      const fromInside = await store.history(query({ deviceId: 'wl-1', kind: 'water-level', field: 'waterLevelCm', fromMs: base + 2 * minuteMs, everyMs: 5 * minuteMs, fn: 'count' }));
      expect(fromInside).toEqual([{ t: base, value: 3 }, { t: second, value: 5 }]);
    });

    it('rolls up booleans (share of true, all, any, last, count) and integers (a mean may be fractional)', async () => {
      // congested: true, false, true, true in the first minute; false, false in the second.
      const pattern = [true, false, true, true, false, false];
      const store = await stored(pattern.map((congested, i) => ({
        ...traffic(0), ts: base + (i < 4 ? i * 10_000 : minuteMs + (i - 4) * 10_000), fields: { vehicleCount: i + 1, congested },
      })));
      const roll = async (field: string, fn: AggregateFn) =>
        (await store.history(query({ deviceId: 'tr-1', kind: 'traffic', field, everyMs: minuteMs, fn }))).map((p) => p.value);
      expect(await roll('congested', 'mean')).toEqual([0.75, 0]);
      expect(await roll('congested', 'min')).toEqual([false, false]);
      expect(await roll('congested', 'max')).toEqual([true, false]);
      expect(await roll('congested', 'last')).toEqual([true, false]);
      expect(await roll('congested', 'count')).toEqual([4, 2]);
      expect(await roll('vehicleCount', 'mean')).toEqual([2.5, 5.5]);
      expect(await roll('vehicleCount', 'max')).toEqual([4, 6]);
    });

    it('takes `fromMs` inclusive and `toMs` exclusive, raw and in buckets', async () => {
      const store = await stored([0, 1, 2, 3].map((minute) => waterLevel(minute, 100 + minute)));
      const between = (fromMinute: number, toMinute: number, everyMs?: number) =>
        store.history(query({ deviceId: 'wl-1', kind: 'water-level', field: 'waterLevelCm', fromMs: base + fromMinute * minuteMs, toMs: base + toMinute * minuteMs, fn: 'count', ...(everyMs ? { everyMs } : {}) }));
      expect((await between(1, 3)).map((p) => p.value)).toEqual([101, 102]);
      expect((await between(0, 4)).map((p) => p.value)).toEqual([100, 101, 102, 103]);
      expect(await between(1, 3, hourMs)).toEqual([{ t: base, value: 2 }]);
      expect(await between(2, 2)).toEqual([]);
    });

    it('answers an empty range, an unknown device and an empty bucket with no points, not with nulls or zeros', async () => {
      const store = await stored([waterLevel(0, 150), waterLevel(2, 152)]);
      const water = { deviceId: 'wl-1', kind: 'water-level' as const, field: 'waterLevelCm' };
      expect(await store.history(query({ ...water, fromMs: base - hourMs, toMs: base }))).toEqual([]);
      expect(await store.history(query({ ...water, fromMs: base - hourMs, toMs: base, everyMs: minuteMs, fn: 'count' }))).toEqual([]);
      expect(await store.history(query({ ...water, deviceId: 'wl-nobody' }))).toEqual([]);
      expect(await store.history(query({ ...water, field: 'rainfallMmPerHour' }))).toEqual([]); // a field never sent
      // Minute 1 has no reading: its bucket is left out.
      expect(await store.history(query({ ...water, everyMs: minuteMs, fn: 'max' }))).toEqual([{ t: base, value: 150 }, { t: base + 2 * minuteMs, value: 152 }]);
    });

    it('returns points in time order whatever the order of appends, cut at `limit`, and latest by time', async () => {
      const store = await stored([waterLevel(3, 103), waterLevel(0, 100)], [waterLevel(2, 102), waterLevel(1, 101)]);
      const water = { deviceId: 'wl-1', kind: 'water-level' as const, field: 'waterLevelCm' };
      expect((await store.history(query(water))).map((p) => p.value)).toEqual([100, 101, 102, 103]);
      expect((await store.history(query({ ...water, limit: 2 }))).map((p) => p.value)).toEqual([100, 101]);
      expect((await store.history(query({ ...water, everyMs: minuteMs, fn: 'last' }))).map((p) => p.t)).toEqual([0, 1, 2, 3].map((minute) => base + minute * minuteMs));
      const latest = await store.latestPerDevice();
      expect(latest.find((r) => r.deviceId === 'wl-1')).toMatchObject({ ts: base + 3 * minuteMs, fields: { waterLevelCm: 103 } });
    });

    it('keeps devices apart, and gives each its newest reading with only the fields that reading carried', async () => {
      const store = await stored([
        { ...waterLevel(0, 100, 'wl-a'), fields: { waterLevelCm: 100, batteryV: 12.5 } },
        waterLevel(1, 101, 'wl-a'),
        { ...waterLevel(0, 300, 'wl-b'), district: 'Cipondoh' },
      ]);
      expect((await store.history(query({ deviceId: 'wl-a', kind: 'water-level', field: 'waterLevelCm' }))).map((p) => p.value)).toEqual([100, 101]);
      expect((await store.history(query({ deviceId: 'wl-b', kind: 'water-level', field: 'waterLevelCm' }))).map((p) => p.value)).toEqual([300]);
      const latest = await store.latestPerDevice();
      expect(latest.map((r) => r.deviceId).sort()).toEqual(['wl-a', 'wl-b']);
      const a = latest.find((r) => r.deviceId === 'wl-a');
      expect(a).toMatchObject({ kind: 'water-level', district: 'Tangerang', ts: base + minuteMs });
      expect(a?.fields).toEqual({ waterLevelCm: 101 }); // batteryV came with the older reading only
      expect(a?.receivedAt).toBe(behaviour.keepsReceivedAt ? base + minuteMs + 40 : base + minuteMs);
      expect(latest.find((r) => r.deviceId === 'wl-b')).toMatchObject({ district: 'Cipondoh', fields: { waterLevelCm: 300 } });
    });

    it(`a second reading at the same device and time ${behaviour.onePointPerDeviceAndTime ? 'replaces the first' : 'is kept beside the first'}`, async () => {
      const store = await stored([waterLevel(0, 100)], [waterLevel(0, 130)], [waterLevel(0, 130)]);
      const water = { deviceId: 'wl-1', kind: 'water-level' as const, field: 'waterLevelCm' };
      const values = (await store.history(query(water))).map((p) => p.value);
      const count = (await store.history(query({ ...water, everyMs: hourMs, fn: 'count' })))[0]?.value;
      if (behaviour.onePointPerDeviceAndTime) {
        expect(values).toEqual([130]);
        expect(count).toBe(1);
      } else {
        expect(values.map(Number).sort((a, b) => a - b)).toEqual([100, 130, 130]);
        expect(count).toBe(3);
      }
      expect(store.storedCount).toBe(3); // acknowledged either way
    });

    it.runIf(behaviour.onePointPerDeviceAndTime)('merges a later reading at the same device and time: the fields it carries win, the others stay', async () => {
      const first = { ...waterLevel(0, 100), fields: { waterLevelCm: 100, batteryV: 12.5 } };
      const later = { ...waterLevel(0, 140), receivedAt: base + 5_000, fields: { waterLevelCm: 140, rainfallMmPerHour: 2.5 } };
      const store = await stored([first], [later], [waterLevel(1, 101)]);
      const at = async (field: string) => (await store.history(query({ deviceId: 'wl-1', kind: 'water-level', field }))).map((p) => [p.t, p.value]);
      expect(await at('waterLevelCm')).toEqual([[base, 140], [base + minuteMs, 101]]);
      expect(await at('batteryV')).toEqual([[base, 12.5]]);
      expect(await at('rainfallMmPerHour')).toEqual([[base, 2.5]]);
      const count = await store.history(query({ deviceId: 'wl-1', kind: 'water-level', field: 'waterLevelCm', everyMs: hourMs, fn: 'count' }));
      expect(count).toEqual([{ t: base, value: 2 }]);
    });

    it.runIf(behaviour.onePointPerDeviceAndTime)('keeps one reading per device and time within one append, the later one winning, and apart per device', async () => {
      const store = await stored([
        { ...waterLevel(0, 100), fields: { waterLevelCm: 100, batteryV: 12.5 } },
        waterLevel(0, 100, 'wl-2'),
        waterLevel(0, 120),
        waterLevel(0, 150),
        { ...traffic(0), deviceId: 'wl-1' }, // another kind under the same id is another table, as another measurement
      ]);
      const water = (deviceId: string, field = 'waterLevelCm') => store.history(query({ deviceId, kind: 'water-level', field }));
      expect(await water('wl-1')).toEqual([{ t: base, value: 150 }]);
      expect(await water('wl-1', 'batteryV')).toEqual([{ t: base, value: 12.5 }]);
      expect(await water('wl-2')).toEqual([{ t: base, value: 100 }]);
      expect(await store.history(query({ deviceId: 'wl-1', kind: 'traffic', field: 'vehicleCount' }))).toEqual([{ t: base, value: 0 }]);
      expect(store.storedCount).toBe(5);
      const latest = await store.latestPerDevice();
      expect(latest.find((r) => r.deviceId === 'wl-1' && r.kind === 'water-level')?.fields).toEqual({ waterLevelCm: 150, batteryV: 12.5 });
    });

    describe('history across the city', () => {
      // Two hours of one reading a minute from three air-quality stations in two districts, and a traffic counter.
      const air = (deviceId: string, district: string, minute: number, pm25: number): Reading => ({
        deviceId, kind: 'air-quality', district, ts: base + minute * minuteMs, receivedAt: base + minute * minuteMs, fields: { pm25, pm10: pm25 * 2 },
      });
      const city = () => {
        const readings: Reading[] = [];
        for (let minute = 0; minute < 120; minute++) {
          readings.push(air('aq-1', 'Cipondoh', minute, 10), air('aq-2', 'Cipondoh', minute, 30 + (minute % 3)), air('aq-3', 'Pinang', minute, 50 + (minute % 2)));
        }
        return readings;
      };
      const window = { kind: 'air-quality' as const, deviceIds: ['aq-1', 'aq-2', 'aq-3'], fromMs: base, toMs: base + 2 * hourMs, limit: 1_000 };
      const byKey = (series: readonly { group: string; field: string; fn: AggregateFn | null; points: unknown }[]) =>
        Object.fromEntries(series.map((one) => [`${one.group}/${one.field}/${one.fn ?? 'raw'}`, one.points]));
      const tiers = ['raw', '1m', '1h'];

      it('groups by district, by device and by kind, with several aggregates per bucket', async () => {
        const store = await stored(city());
        const districts = await store.historyAcross({ ...window, fields: ['pm25'], fns: ['mean', 'min', 'max', 'count', 'last'], groupBy: 'district', everyMs: hourMs });
        expect(tiers).toContain(districts.tier);
        const d = byKey(districts.series);
        // Cipondoh, first hour: aq-1 at 10 and aq-2 at 30, 31, 32 in turn (60 readings each).
        expect(d['Cipondoh/pm25/mean']).toEqual([{ t: base, value: (60 * 10 + 20 * (30 + 31 + 32)) / 120 }, { t: base + hourMs, value: (60 * 10 + 20 * (30 + 31 + 32)) / 120 }]);
        expect(d['Cipondoh/pm25/min']).toEqual([{ t: base, value: 10 }, { t: base + hourMs, value: 10 }]);
        expect(d['Cipondoh/pm25/max']).toEqual([{ t: base, value: 32 }, { t: base + hourMs, value: 32 }]);
        expect(d['Cipondoh/pm25/count']).toEqual([{ t: base, value: 120 }, { t: base + hourMs, value: 120 }]);
        expect(d['Pinang/pm25/last']).toEqual([{ t: base, value: 51 }, { t: base + hourMs, value: 51 }]); // minute 59 and 119 are odd
        expect(Object.keys(d).filter((key) => key.startsWith('Pinang/'))).toHaveLength(5);

        const devices = byKey((await store.historyAcross({ ...window, deviceIds: ['aq-2', 'aq-3'], fields: ['pm25', 'pm10'], fns: ['max'], groupBy: 'device', everyMs: 2 * hourMs, originMs: base })).series);
        expect(devices).toEqual({
          'aq-2/pm25/max': [{ t: base, value: 32 }],
          'aq-2/pm10/max': [{ t: base, value: 64 }],
          'aq-3/pm25/max': [{ t: base, value: 51 }],
          'aq-3/pm10/max': [{ t: base, value: 102 }],
        });
        const kind = await store.historyAcross({ ...window, fields: ['pm25'], fns: ['count', 'min', 'max'], groupBy: 'kind', everyMs: 30 * minuteMs });
        expect(byKey(kind.series)).toEqual({
          'air-quality/pm25/count': [0, 1, 2, 3].map((i) => ({ t: base + i * 30 * minuteMs, value: 90 })),
          'air-quality/pm25/min': [0, 1, 2, 3].map((i) => ({ t: base + i * 30 * minuteMs, value: 10 })),
          'air-quality/pm25/max': [0, 1, 2, 3].map((i) => ({ t: base + i * 30 * minuteMs, value: 51 })),
        });
      });

      it("aligns buckets on the origin asked for (the room's midnight, UTC+7), and cuts each series at `limit`", async () => {
        const store = await stored(city());
        const midnightWib = Date.parse('2026-03-09T17:00:00Z');
        const days = await store.historyAcross({ ...window, fromMs: midnightWib, toMs: midnightWib + 86_400_000, fields: ['pm25'], fns: ['count', 'mean'], groupBy: 'kind', everyMs: 86_400_000, originMs: midnightWib });
        expect(tiers).toContain(days.tier);
        expect(byKey(days.series)['air-quality/pm25/count']).toEqual([{ t: midnightWib, value: 360 }]);
        // Buckets of 45 minutes from an origin 15 minutes after the first reading: a first partial bucket of 15 minutes.
        const offGrid = await store.historyAcross({ ...window, deviceIds: ['aq-1'], fields: ['pm25'], fns: ['count'], groupBy: 'device', everyMs: 45 * minuteMs, originMs: base + 15 * minuteMs, limit: 2 });
        expect(byKey(offGrid.series)['aq-1/pm25/count']).toEqual([{ t: base - 30 * minuteMs, value: 15 }, { t: base + 15 * minuteMs, value: 45 }]);
      });

      it('rolls booleans up as the share of true, all and any, and answers raw readings one series per device', async () => {
        const pattern = [true, false, true, true, false, false];
        const store = await stored(pattern.map((congested, i) => ({ ...traffic(i, i % 2 === 0 ? 'tr-1' : 'tr-2'), ts: base + i * 10_000, fields: { vehicleCount: i, congested } })));
        const kind = byKey((await store.historyAcross({ kind: 'traffic', deviceIds: ['tr-1', 'tr-2'], fields: ['congested'], fns: ['mean', 'min', 'max', 'count'], groupBy: 'kind', fromMs: base, toMs: base + hourMs, everyMs: hourMs, limit: 10 })).series);
        expect(kind).toEqual({
          'traffic/congested/mean': [{ t: base, value: 0.5 }],
          'traffic/congested/min': [{ t: base, value: false }],
          'traffic/congested/max': [{ t: base, value: true }],
          'traffic/congested/count': [{ t: base, value: 6 }],
        });
        const raw = await store.historyAcross({ kind: 'traffic', deviceIds: ['tr-2'], fields: ['vehicleCount', 'congested'], fns: [], groupBy: 'device', fromMs: base, toMs: base + hourMs, limit: 2 });
        expect(raw.tier).toBe('raw');
        expect(byKey(raw.series)).toEqual({
          'tr-2/vehicleCount/raw': [{ t: base + 10_000, value: 1 }, { t: base + 30_000, value: 3 }],
          'tr-2/congested/raw': [{ t: base + 10_000, value: false }, { t: base + 30_000, value: true }],
        });
      });

      it('answers nothing for devices, ranges or fields with no readings, and refuses a field its kind lacks', async () => {
        const store = await stored(city());
        expect((await store.historyAcross({ ...window, deviceIds: ['aq-nobody'], fields: ['pm25'], fns: ['mean'], groupBy: 'district', everyMs: hourMs })).series).toEqual([]);
        expect((await store.historyAcross({ ...window, fromMs: base - hourMs, toMs: base, fields: ['pm25'], fns: ['mean'], groupBy: 'kind', everyMs: minuteMs })).series).toEqual([]);
        expect((await store.historyAcross({ ...window, deviceIds: [], fields: ['pm25'], fns: ['mean'], groupBy: 'kind', everyMs: hourMs })).series).toEqual([]);
        await expect(store.historyAcross({ ...window, fields: ['waterLevelCm'], fns: ['mean'], groupBy: 'kind', everyMs: hourMs })).rejects.toThrow(/has no field waterLevelCm/);
      });
    });

    describe('paged readings', () => {
      it('hands out every reading of the devices asked once, ordered by time then device, in pages of at most the size asked', async () => {
        // Four devices sharing every second, and one more reading at an instant of its own.
        const readings = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((i) => ['tr-a', 'tr-b', 'tr-c', 'tr-d'].map((id) => traffic(i, id)));
        const store = await stored(readings, [{ ...traffic(20, 'tr-b'), ts: base + 20_500 }, traffic(3, 'tr-other')]);
        for (const pageSize of [3, 4, 7, 1_000]) {
          const pages: (readonly Reading[])[] = [];
          for await (const page of store.readings({ kind: 'traffic', deviceIds: ['tr-d', 'tr-a', 'tr-b', 'tr-c'], fromMs: base, toMs: base + 60_000, pageSize })) pages.push(page);
          const all = pages.flat();
          expect(pages.every((page) => page.length > 0 && page.length <= pageSize), `pages of at most ${pageSize}`).toBe(true);
          expect(all.map((r) => `${r.ts - base}/${r.deviceId}`)).toEqual([
            ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((i) => ['tr-a', 'tr-b', 'tr-c', 'tr-d'].map((id) => `${i * 1_000}/${id}`)),
            '20500/tr-b',
          ]);
          expect(all[5]).toMatchObject({ deviceId: 'tr-b', kind: 'traffic', district: 'Tangerang', ts: base + 1_000, fields: { vehicleCount: 1, occupancy: 0.01, congested: false } });
        }
      });

      it('takes `fromMs` inclusive and `toMs` exclusive, and ends at once on an empty range', async () => {
        const store = await stored([0, 1, 2, 3].map((minute) => waterLevel(minute, 100 + minute)));
        const values: number[] = [];
        for await (const page of store.readings({ kind: 'water-level', deviceIds: ['wl-1'], fromMs: base + minuteMs, toMs: base + 3 * minuteMs, pageSize: 1 })) values.push(...page.map((r) => Number(r.fields.waterLevelCm)));
        expect(values).toEqual([101, 102]);
        let pages = 0;
        for await (const page of store.readings({ kind: "water-level", deviceIds: ["wl-1"], fromMs: base - hourMs, toMs: base, pageSize: 10 })) pages += page.length === 0 ? 0 : 1;
        expect(pages).toBe(0);
      });
    });

    describe('device profiles changed while running', () => {
      const window = { fromMs: base, toMs: base + hourMs, limit: 100 } as const;

      it('stores a kind defined at run time once prepared, and reads it back every way', async () => {
        const kinds = new ChangingKinds();
        const { store, settled } = await openStore(kinds);
        await kinds.put(store, noiseLevel(1));
        await store.append([noise(0, { laeqDb: 50 }), noise(1, { laeqDb: 60 }), noise(0, { laeqDb: 70 }, 'nl-2')]);
        await settled();
        expect(await store.history({ ...window, deviceId: 'nl-1', kind: 'noise-level', field: 'laeqDb', fn: 'mean' })).toEqual([
          { t: base, value: 50 },
          { t: base + minuteMs, value: 60 },
        ]);
        expect(await store.history({ ...window, deviceId: 'nl-1', kind: 'noise-level', field: 'laeqDb', fn: 'max', everyMs: hourMs })).toEqual([{ t: base, value: 60 }]);
        const across = await store.historyAcross({ ...window, kind: 'noise-level', deviceIds: ['nl-1', 'nl-2'], fields: ['laeqDb'], fns: ['mean'], groupBy: 'kind', everyMs: hourMs });
        expect(across.series).toEqual([{ group: 'noise-level', field: 'laeqDb', fn: 'mean', points: [{ t: base, value: 60 }] }]);
        const pages: Reading[] = [];
        for await (const page of store.readings({ ...window, kind: 'noise-level', deviceIds: ['nl-1', 'nl-2'], pageSize: 10 })) pages.push(...page);
        expect(pages.map((r) => [r.deviceId, r.ts - base, r.fields])).toEqual([
          ['nl-1', 0, { laeqDb: 50 }],
          ['nl-2', 0, { laeqDb: 70 }],
          ['nl-1', minuteMs, { laeqDb: 60 }],
        ]);
        const latest = await store.latestPerDevice();
        expect(latest.filter((r) => r.kind === 'noise-level').map((r) => [r.deviceId, r.ts - base, r.fields]).sort()).toEqual([
          ['nl-1', minuteMs, { laeqDb: 60 }],
          ['nl-2', 0, { laeqDb: 70 }],
        ]);
      });

      it('stores a field a new version adds, and keeps the readings stored before it readable', async () => {
        const kinds = new ChangingKinds();
        const { store, settled } = await openStore(kinds);
        await kinds.put(store, noiseLevel(1));
        await store.append([noise(0, { laeqDb: 50 })]);
        await settled();
        await kinds.put(store, noiseLevel(2, { peakDb: { type: 'number', unit: 'dB(A)', min: 30, max: 140 }, events: { type: 'integer' } }));
        await store.append([noise(1, { laeqDb: 55, peakDb: 91.5, events: 4 })]);
        await settled();
        const field = (name: string, fn: AggregateFn = 'mean') => store.history({ ...window, deviceId: 'nl-1', kind: 'noise-level', field: name, fn });
        expect(await field('laeqDb')).toEqual([{ t: base, value: 50 }, { t: base + minuteMs, value: 55 }]);
        expect(await field('peakDb')).toEqual([{ t: base + minuteMs, value: 91.5 }]);
        expect(await field('events')).toEqual([{ t: base + minuteMs, value: 4 }]);
        const across = await store.historyAcross({ ...window, kind: 'noise-level', deviceIds: ['nl-1'], fields: ['peakDb', 'laeqDb'], fns: ['count'], groupBy: 'device', everyMs: hourMs });
        expect(across.series.map((s) => [s.field, s.points])).toEqual([
          ['peakDb', [{ t: base, value: 1 }]],
          ['laeqDb', [{ t: base, value: 2 }]],
        ]);
        expect((await store.latestPerDevice()).find((r) => r.deviceId === 'nl-1')?.fields).toEqual({ laeqDb: 55, peakDb: 91.5, events: 4 });
      });

      it('refuses a type change the stored readings cannot follow, naming the field, and changes nothing', async () => {
        const kinds = new ChangingKinds();
        const { store, settled } = await openStore(kinds);
        await kinds.put(store, noiseLevel(1, { alarmOn: { type: 'boolean' } }));
        await store.append([noise(0, { laeqDb: 50, alarmOn: true })]);
        await settled();
        await expect(store.prepareKind(noiseLevel(2, { alarmOn: { type: 'number', unit: '1' } }), kinds.spec('noise-level'))).rejects.toMatchObject({
          code: 'KENDALI_ERR_PROFILE_CONFLICT',
          message: expect.stringMatching(/"alarmOn" cannot change from boolean to number/),
        });
        await store.append([noise(1, { laeqDb: 51, alarmOn: false })]);
        await settled();
        expect(await store.history({ ...window, deviceId: 'nl-1', kind: 'noise-level', field: 'alarmOn', fn: 'mean' })).toEqual([
          { t: base, value: true },
          { t: base + minuteMs, value: false },
        ]);
      });

      it(`${behaviour.widensIntegerToNumber ? 'widens' : 'refuses to widen'} an integer field holding readings to a number`, async () => {
        const kinds = new ChangingKinds();
        const { store, settled } = await openStore(kinds);
        await kinds.put(store, noiseLevel(1, { events: { type: 'integer' } }));
        await store.append([noise(0, { laeqDb: 50, events: 3 })]);
        await settled();
        const widened = kinds.put(store, noiseLevel(2, { events: { type: 'number' } }));
        if (!behaviour.widensIntegerToNumber) {
          await expect(widened).rejects.toMatchObject({ code: 'KENDALI_ERR_PROFILE_CONFLICT', message: expect.stringMatching(/"events" cannot change from integer to number/) });
          return;
        }
        await widened;
        await store.append([noise(1, { laeqDb: 50, events: 2.5 })]);
        await settled();
        expect((await store.history({ ...window, deviceId: 'nl-1', kind: 'noise-level', field: 'events', fn: 'mean' })).map((p) => p.value)).toEqual([3, 2.5]);
      });
    });

    it('refuses a field its kind does not define, naming it', async () => {
      const store = await stored([]);
      await expect(store.history(query({ deviceId: 'wl-1', kind: 'water-level', field: 'pm25' }))).rejects.toThrow(/has no field pm25/);
    });

    it('reports itself healthy with nothing waiting, and counts what it stored and its commits', async () => {
      const { store, settled } = await openStore();
      expect(store.storedCount).toBe(0);
      expect(storageStatus(store)).toMatchObject({ backlogReadings: 0, waitingAppends: 0 });
      await store.append([waterLevel(0, 100), waterLevel(1, 101)]);
      await store.append([waterLevel(2, 102)]);
      await settled();
      expect(store.storedCount).toBe(3);
      expect(store.commitCount).toBeGreaterThanOrEqual(1);
      expect(store.commitCount).toBeLessThanOrEqual(2);
      const status = storageStatus(store);
      expect(status).toMatchObject({ ok: true, backlogReadings: 0, backlogBytes: 0, waitingAppends: 0, refusedCount: 0 });
      expect(status.detail).not.toBe('');
    });

    stringFieldConformance(openStore);
  });
}
