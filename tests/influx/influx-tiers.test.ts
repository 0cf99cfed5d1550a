import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compileProfile, type DeviceProfile, type Reading } from '@kendali/contracts';
import { defaultRetention, InfluxTelemetryStore, type AcrossQuery, type InfluxStoreOptions } from '@kendali/ingest';
import { ChangingKinds, influxdProgram, startInfluxd, type Influxd, systemSuite, testedVersions, makeTempDir, waitFor } from '@kendali/test-support';
import { influxStoreOptions } from './influx-fixtures';

// Roll-up tiers in retention policies, and readings waiting in the spool in every answer.
const suite = systemSuite(influxdProgram, 'apt-get install influxdb', testedVersions.influxd);

const base = Date.parse('2026-03-10T03:00:00Z'); // 10:00 WIB
const minuteMs = 60_000;
const hourMs = 3_600_000;
const water = (minute: number, waterLevelCm: number, deviceId = 'wl-1'): Reading => ({
  deviceId, kind: 'water-level', district: 'Cipondoh', ts: base + minute * minuteMs, receivedAt: base + minute * minuteMs, fields: { waterLevelCm },
});
const hourly = (overrides: Partial<AcrossQuery> = {}): AcrossQuery => ({
  kind: 'water-level', deviceIds: ['wl-1', 'wl-2'], fields: ['waterLevelCm'], fns: ['count', 'mean', 'max', 'last'], groupBy: 'kind',
  fromMs: base, toMs: base + 3 * hourMs, everyMs: hourMs, limit: 100, ...overrides,
});
const values = (answer: { series: { fn: string | null; points: { value: unknown }[] }[] }, fn: string) => answer.series.find((s) => s.fn === fn)?.points.map((p) => p.value);

describe.skipIf(!suite.available)(suite.title('InfluxDB tiers and the spool in answers, against a real influxd'), () => {
  let influxd: Influxd;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const open: InfluxTelemetryStore[] = [];
  let databases = 0;

  beforeAll(async () => {
    influxd = await startInfluxd();
    temp = await makeTempDir('influx-tiers');
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });
  afterAll(async () => {
    await influxd?.close();
    await temp?.remove();
  });

  async function openStore(database: string, overrides: Partial<InfluxStoreOptions> = {}): Promise<InfluxTelemetryStore> {
    const store = await InfluxTelemetryStore.open(influxStoreOptions(overrides.url ?? influxd.url, database, join(temp.path, database), overrides));
    open.push(store);
    return store;
  }
  const fresh = async () => {
    const database = `tiers_${++databases}`;
    await influxd.createDatabase(database);
    return database;
  };
  const drained = (store: InfluxTelemetryStore) => waitFor(() => (store.health().ok && store.health().backlogReadings === 0 ? true : undefined), 'an empty spool');
  const close = async (store: InfluxTelemetryStore) => {
    open.splice(open.indexOf(store), 1);
    await store.close();
  };

  it('creates the retention policies and continuous queries at every start, idempotently, and follows a changed retention', async () => {
    const database = await fresh();
    const policies = async () => Object.fromEntries((await influxd.query(`SHOW RETENTION POLICIES ON "${database}"`))[0]?.values.map((row) => [row[0], [row[1], row[4]]]) ?? []);
    const queries = async () => ((await influxd.query('SHOW CONTINUOUS QUERIES')).find((s) => s.name === database)?.values ?? []).map((row) => String(row[0])).sort();
    const first = await openStore(database, { retention: defaultRetention });
    await first.append([{ ...water(0, 100), ts: Date.now() - minuteMs }]); // within the 30-day raw retention: written only once the tiers exist
    await drained(first);
    expect(await policies()).toMatchObject({ rp_raw: ['720h0m0s', true], rp_1m: ['9480h0m0s', false], rp_1h: ['0s', false] });
    const made = await queries();
    expect(made).toContain('kendali_1m_water-level');
    expect(made).toContain('kendali_1h_water-level');
    expect(made).toContain('kendali_1m_traffic_1'); // the count of true of a boolean field
    await close(first);

    const now = () => [{ ...water(0, 100), ts: Date.now() - minuteMs }];
    const again = await openStore(database, { retention: defaultRetention });
    await again.append(now());
    await drained(again);
    expect(await queries()).toEqual(made);
    await close(again);

    const changed = await openStore(database, { retention: { rawMs: 7 * 86_400_000, minuteMs: 90 * 86_400_000 } });
    await changed.append(now());
    await drained(changed);
    expect(await policies()).toMatchObject({ rp_raw: ['168h0m0s', true], rp_1m: ['2160h0m0s', false] });
    expect(await queries()).toEqual(made);
  });

  it('gives a kind defined at run time its continuous queries, and rewrites them when a version adds or drops fields (a string field: count and last)', async () => {
    const database = await fresh();
    const kinds = new ChangingKinds();
    const store = await openStore(database, { kinds });
    const noise = (version: number, fields: DeviceProfile['fields']) =>
      compileProfile('noise-level', { labels: { id: 'Kebisingan', en: 'Noise' }, intervalS: 60, fields: { laeqDb: { type: 'number', unit: 'dB(A)', min: 30, max: 130, required: true }, ...fields } }, version);
    const queries = async () => new Map(((await influxd.query('SHOW CONTINUOUS QUERIES')).find((s) => s.name === database)?.values ?? []).map((row) => [String(row[0]), String(row[1])]));
    await kinds.put(store, noise(1, { alarmOn: { type: 'boolean' } }));
    const first = await queries();
    expect(first.get('kendali_1m_noise-level')).toMatch(/laeqDb_sum.*alarmOn_count/);
    expect(first.get('kendali_1m_noise-level_1')).toMatch(/alarmOn_true/);
    expect(first.get('kendali_1h_noise-level')).toMatch(/laeqDb_sum/);

    await kinds.put(store, noise(2, { peakDb: { type: 'number', unit: 'dB(A)' }, source: { type: 'string', values: ['traffic', 'crowd', 'works'] } }));
    const second = await queries();
    expect(second.get('kendali_1m_noise-level')).toMatch(/peakDb_max/);
    expect(second.get('kendali_1m_noise-level')).toMatch(/count\(source\) AS source_count, last\(source\) AS source_last/);
    expect(second.get('kendali_1m_noise-level')).not.toMatch(/source_(sum|min|max)/);
    expect(second.get('kendali_1m_noise-level')).not.toMatch(/alarmOn/);
    expect(second.has('kendali_1m_noise-level_1')).toBe(false); // the count of true of the field dropped
    expect(second.has('kendali_1h_noise-level_1')).toBe(false);

    // The statements the queries run roll the new field up (a rebuild runs them over a past range).
    await store.append([0, 1, 2].map((minute) => ({ deviceId: 'nl-1', kind: 'noise-level', district: 'Cipondoh', ts: base + minute * minuteMs, receivedAt: base + minute * minuteMs, fields: { laeqDb: 50, peakDb: 80 + minute, source: minute < 2 ? 'traffic' : 'works' } })));
    await drained(store);
    await store.rebuildRollups({ fromMs: base, toMs: base + hourMs, kind: 'noise-level' });
    const peak = await store.historyAcross({ kind: 'noise-level', deviceIds: ['nl-1'], fields: ['peakDb'], fns: ['max', 'count'], groupBy: 'kind', fromMs: base, toMs: base + hourMs, everyMs: hourMs, limit: 10 });
    expect(peak.tier).toBe('1h');
    expect(values(peak, 'max')).toEqual([82]);
    expect(values(peak, 'count')).toEqual([3]);
    const source = await store.historyAcross({ kind: 'noise-level', deviceIds: ['nl-1'], fields: ['source'], fns: ['last', 'count', 'max'], groupBy: 'kind', fromMs: base, toMs: base + hourMs, everyMs: hourMs, limit: 10 });
    expect(source.tier).toBe('1h');
    expect(source.series.map((series) => [series.fn, series.points.map((point) => point.value)])).toEqual([['last', ['works']], ['count', [3]]]);
  });

  it('reads an old range from the roll-ups, the recent part not rolled up yet from raw readings, and rebuilds a past range after a backfill', async () => {
    const database = await fresh();
    const store = await openStore(database);
    // Two hours of one reading a minute (100..219 cm), then the first half hour of a third hour.
    await store.append(Array.from({ length: 150 }, (_, minute) => water(minute, 100 + minute)));
    await drained(store);
    expect(await store.rebuildRollups({ fromMs: base, toMs: base + 2 * hourMs, kind: 'water-level' })).toEqual({ buckets: 120 + 2 });
    const rolledUp = Number((await influxd.query('SELECT sum("waterLevelCm_count") FROM "rp_1h"."water-level"', database))[0]?.values[0]?.[1]);
    expect(rolledUp).toBe(120);

    const answer = await store.historyAcross(hourly());
    expect(answer.tier).toBe('1h');
    expect(values(answer, 'count')).toEqual([60, 60, 30]);
    expect(values(answer, 'mean')).toEqual([129.5, 189.5, 234.5]);
    expect(values(answer, 'last')).toEqual([159, 219, 249]);

    // A late backfill into the first hour: the hourly roll-up does not hold it until rebuilt.
    await store.append([{ ...water(0, 500, 'wl-2'), ts: base + 30_000 }]);
    await drained(store);
    expect(values(await store.historyAcross(hourly()), 'count')).toEqual([60, 60, 30]);
    const raw = await store.historyAcross(hourly({ everyMs: 30 * minuteMs }));
    expect(raw.tier).toBe('1m');
    expect(values(raw, 'count')?.slice(0, 2)).toEqual([30, 30]); // the 1-minute roll-up does not hold it either
    await store.rebuildRollups({ fromMs: base, toMs: base + hourMs });
    const rebuilt = await store.historyAcross(hourly());
    expect(values(rebuilt, 'count')).toEqual([61, 60, 30]);
    expect(values(rebuilt, 'max')).toEqual([500, 219, 249]);
    // Buckets off the hourly grid read the 1-minute tier; finer than a minute, raw readings.
    expect(values(await store.historyAcross(hourly({ everyMs: 90 * minuteMs })), 'count')).toEqual([91, 60]);
    expect((await store.historyAcross(hourly({ everyMs: 30_000 }))).tier).toBe('raw');
  });

  it('answers with the readings waiting in the spool while InfluxDB is down, and counts each once after it caught up', async () => {
    const database = await fresh();
    const store = await openStore(database);
    await store.append(Array.from({ length: 60 }, (_, minute) => water(minute, 100)));
    await drained(store);
    await influxd.stop();
    try {
      await store.append(Array.from({ length: 30 }, (_, minute) => water(60 + minute, 200)));
      const down = await store.historyAcross(hourly());
      expect(values(down, 'count')).toEqual([30]); // the waiting ones: InfluxDB holds the rest
      expect(store.health()).toMatchObject({ ok: false, backlogReadings: 30 });
      const { everyMs: _bucketed, ...raw } = hourly({ groupBy: 'device', fns: [] });
      const rawDown = await store.historyAcross(raw);
      expect(rawDown.series[0]?.points).toHaveLength(30);
    } finally {
      await influxd.start();
    }
    await drained(store);
    const up = await store.historyAcross(hourly());
    expect(values(up, 'count')).toEqual([60, 30]);
    expect(values(up, 'mean')).toEqual([100, 200]);
  });

  it("counts every reading exactly once while the forwarder writes, and keeps the spool's readings across a restart", async () => {
    const database = await fresh();
    const store = await openStore(database);
    let appended = 0;
    for (let round = 0; round < 8; round++) {
      await store.append(Array.from({ length: 25 }, (_, i) => water(round * 25 + i, 100 + i)));
      appended += 25;
      // Some of these are still in the spool, some on their way, some stored: each counted once.
      const answer = await store.historyAcross(hourly({ toMs: base + 4 * hourMs, everyMs: 4 * hourMs, originMs: base, fns: ['count', 'last'] }));
      expect(values(answer, 'count')).toEqual([appended]);
      expect(values(answer, 'last')).toEqual([124]);
      const pages: Reading[] = [];
      for await (const page of store.readings({ kind: 'water-level', deviceIds: ['wl-1'], fromMs: base, toMs: base + 4 * hourMs, pageSize: 64 })) pages.push(...page);
      expect(new Set(pages.map((r) => r.ts)).size).toBe(appended);
      expect(pages).toHaveLength(appended);
    }
    await drained(store);
    await close(store);

    // Down at the next start: what the spool replays is in the answers before it reaches InfluxDB.
    const dead = await openStore(database, { url: 'http://127.0.0.1:9' });
    await dead.append([water(300, 999)]);
    await close(dead);
    const reopened = await openStore(database, { url: 'http://127.0.0.1:9' });
    expect(reopened.recovery.backlogRecords).toBe(1);
    const answer = await reopened.historyAcross(hourly({ fromMs: base + 5 * hourMs, toMs: base + 6 * hourMs, fns: ['max'] }));
    expect(values(answer, 'max')).toEqual([999]);
  });
});
