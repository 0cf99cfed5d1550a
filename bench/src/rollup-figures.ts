import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { manualClock, type Reading } from '@kendali/contracts';
import { DuckDbTelemetryStore, type AcrossQuery } from '@kendali/ingest';
import { makeTempDir } from '@kendali/test-support';
import type { CleanupStack } from './cleanup-stack';

export interface RollupBenchOptions {
  /** Measured seconds of each ingest run (roll-ups on, then off). */
  readonly seconds: number;
  /** Appenders (as QoS1 publishers), each with `window` single-reading appends in flight. */
  readonly appenders: number;
  readonly window: number;
  /** The generated history for the query figures: devices and days, a reading every 15 minutes. */
  readonly devices: number;
  readonly days: number;
}

export const defaultRollupBenchOptions: RollupBenchOptions = Object.freeze({ seconds: 10, appenders: 50, window: 16, devices: 1_000, days: 365 });

interface IngestRun {
  readonly rollups: boolean;
  readonly ratePerSecond: number;
  readonly rowsPerCommit: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The roll-up lag when the window ended (seconds). */
  readonly lagAtEndSeconds: number;
}

interface QueryTiming {
  readonly span: string;
  readonly every: string;
  readonly tier: string;
  readonly points: number;
  readonly rawMs: number;
  readonly rollupMs: number;
}

export interface RollupFigures {
  readonly options: RollupBenchOptions;
  readonly ingest: readonly IngestRun[];
  readonly generatedRows: number;
  readonly generateMs: number;
  readonly rollupBuildMs: number;
  readonly cityWide: readonly QueryTiming[];
  readonly oneDevice: readonly QueryTiming[];
}

const minuteMs = 60_000;
const hourMs = 3_600_000;
const dayMs = 86_400_000;
// A fixed year, so the figures never depend on today's date; midnight in WIB (UTC+7).
const yearEnd = Date.parse('2026-01-01T00:00:00Z') - 7 * hourMs;
const wibOrigin = -7 * hourMs;

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/**
 * The embedded store alone (no MQTT), appenders writing flat out for `seconds` with roll-ups kept
 * (the job every second, its default is 10 s) and then without, on fresh files: what roll-ups cost ingest.
 */
async function ingestRun(rollups: boolean, options: RollupBenchOptions, cleanup: CleanupStack): Promise<IngestRun> {
  const dir = await makeTempDir('bench-rollups-ingest');
  const removeDir = cleanup.add(() => dir.remove());
  const instance = await DuckDBInstance.create(join(dir.path, 'kendali.duckdb'));
  const clock = { now: () => Date.now() };
  const store = await DuckDbTelemetryStore.open(instance, { clock, rollups, rollupIntervalMs: 1_000 });
  const latencies: number[] = [];
  const started = performance.now();
  const endAt = started + options.seconds * 1000;
  const startMs = Date.now();
  // One device per chain of appends, each reading 1 ms after its previous one: every reading is new.
  const chain = async (chainId: number) => {
    const deviceId = `aq-bench-${chainId}`;
    for (let n = 0; performance.now() < endAt; n++) {
      const ts = startMs + n;
      const reading: Reading = { deviceId, kind: 'air-quality', district: 'Tangerang', ts, receivedAt: ts, fields: { pm25: n % 300, pm10: n % 400 } };
      const at = performance.now();
      await store.append([reading]);
      latencies.push(performance.now() - at);
    }
  };
  const commitsBefore = store.commitCount;
  await Promise.all(Array.from({ length: options.appenders * options.window }, (_, i) => chain(i)));
  const seconds = (performance.now() - started) / 1000;
  const lagAtEndSeconds = store.rollupStatus()?.lagSeconds ?? 0;
  const commits = store.commitCount - commitsBefore;
  const stored = store.storedCount;
  await store.close();
  instance.closeSync();
  await removeDir();
  latencies.sort((a, b) => a - b);
  return { rollups, ratePerSecond: stored / seconds, rowsPerCommit: stored / Math.max(1, commits), p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), lagAtEndSeconds };
}

/** The median of three runs of `query`, ms. */
async function timed<T>(query: () => Promise<T>): Promise<{ ms: number; answer: T }> {
  const times: number[] = [];
  let answer: T | undefined;
  for (let run = 0; run < 3; run++) {
    const at = performance.now();
    answer = await query();
    times.push(performance.now() - at);
  }
  times.sort((a, b) => a - b);
  return { ms: times[1]!, answer: answer as T };
}

/**
 * A year (`days`) of air-quality readings for `devices` stations, one every 15 minutes, written
 * straight into the raw table with SQL (generate_series), rolled up with `rebuildRollups`, then the
 * same history questions asked of raw readings (a store opened without roll-ups) and of the tiers.
 */
async function queryFigures(options: RollupBenchOptions, cleanup: CleanupStack) {
  const dir = await makeTempDir('bench-rollups-history');
  const removeDir = cleanup.add(() => dir.remove());
  const instance = await DuckDBInstance.create(join(dir.path, 'kendali.duckdb'));
  const clock = manualClock(yearEnd);
  const retention = { rawMs: (options.days + 2) * dayMs, minuteMs: (options.days + 2) * dayMs };
  const store = await DuckDbTelemetryStore.open(instance, { clock, retention });
  const raw = await DuckDbTelemetryStore.open(instance, { clock, rollups: false });
  const from = yearEnd - options.days * dayMs;
  const generate = performance.now();
  const connection = await instance.connect();
  await connection.run(
    `INSERT INTO telemetry_air_quality (device_id, district, ts, received_at, pm25, pm10)
     SELECT 'aq-' || d, 'district-' || (d % 10), t, t, 20 + (d * 7 + epoch(t)::BIGINT / 900) % 180, 40 + (d * 3 + epoch(t)::BIGINT / 900) % 300
     FROM range(${options.devices}) AS devices(d),
          generate_series(make_timestamp(${from * 1000}), make_timestamp(${(yearEnd - 1) * 1000}), INTERVAL 15 minute) AS times(t)`,
  );
  connection.closeSync();
  const generateMs = performance.now() - generate;
  const generatedRows = options.devices * options.days * 96;
  const build = performance.now();
  await store.rebuildRollups({ fromMs: from, toMs: yearEnd, kind: 'air-quality' });
  const rollupBuildMs = performance.now() - build;

  const deviceIds = Array.from({ length: options.devices }, (_, d) => `aq-${d}`);
  const spans = [
    { span: '1 day', every: '5m', spanMs: dayMs, everyMs: 5 * minuteMs },
    { span: '30 days', every: '1h', spanMs: 30 * dayMs, everyMs: hourMs },
    { span: `${options.days} days`, every: '1d', spanMs: options.days * dayMs, everyMs: dayMs },
  ].filter((span) => span.spanMs <= options.days * dayMs);
  const cityWide: QueryTiming[] = [];
  const oneDevice: QueryTiming[] = [];
  for (const { span, every, spanMs, everyMs } of spans) {
    const query: AcrossQuery = { kind: 'air-quality', deviceIds, fields: ['pm25'], fns: ['mean', 'max'], groupBy: 'kind', fromMs: yearEnd - spanMs, toMs: yearEnd, everyMs, originMs: wibOrigin, limit: 100_000 };
    const onRaw = await timed(() => raw.historyAcross(query));
    const onTiers = await timed(() => store.historyAcross(query));
    cityWide.push({ span, every, tier: onTiers.answer.tier, points: onTiers.answer.series[0]?.points.length ?? 0, rawMs: onRaw.ms, rollupMs: onTiers.ms });
    const single = { deviceId: 'aq-1', kind: 'air-quality', field: 'pm25', fn: 'mean', fromMs: yearEnd - spanMs, toMs: yearEnd, everyMs, limit: 100_000 } as const;
    const deviceRaw = await timed(() => raw.history(single));
    const deviceTiers = await timed(() => store.history(single));
    oneDevice.push({ span, every, tier: store.historyTier(single), points: deviceTiers.answer.length, rawMs: deviceRaw.ms, rollupMs: deviceTiers.ms });
  }
  await raw.close();
  await store.close();
  instance.closeSync();
  await removeDir();
  return { generatedRows, generateMs, rollupBuildMs, cityWide, oneDevice };
}

/** Both settings twice, alternating (off, on, off, on), so a neighbour's load falls on both alike; the rates averaged. */
async function ingestFigures(options: RollupBenchOptions, cleanup: CleanupStack): Promise<IngestRun[]> {
  const runs: IngestRun[] = [];
  for (const rollups of [false, true, false, true]) {
    process.stderr.write(`roll-ups: ingest with roll-ups ${rollups ? 'on' : 'off'}…\n`);
    runs.push(await ingestRun(rollups, options, cleanup));
  }
  const mean = (rollups: boolean): IngestRun => {
    const pair = runs.filter((run) => run.rollups === rollups);
    const average = (pick: (run: IngestRun) => number) => pair.reduce((sum, run) => sum + pick(run), 0) / pair.length;
    return {
      rollups,
      ratePerSecond: average((run) => run.ratePerSecond),
      rowsPerCommit: average((run) => run.rowsPerCommit),
      p50Ms: average((run) => run.p50Ms),
      p99Ms: average((run) => run.p99Ms),
      lagAtEndSeconds: Math.max(...pair.map((run) => run.lagAtEndSeconds)),
    };
  };
  return [mean(true), mean(false)];
}

export async function runRollupFigures(options: RollupBenchOptions, cleanup: CleanupStack): Promise<RollupFigures> {
  const [on, off] = await ingestFigures(options, cleanup);
  process.stderr.write(`roll-ups: generating ${options.days} days × ${options.devices} devices and timing history…\n`);
  return { options, ingest: [on!, off!], ...(await queryFigures(options, cleanup)) };
}

const ms = (value: number) => (value < 10 ? value.toFixed(2) : Math.round(value).toLocaleString('en-US'));

export function rollupLines(figures: RollupFigures): string[] {
  const { options } = figures;
  const [on, off] = figures.ingest;
  const ingest = figures.ingest.map(
    (run) =>
      `  roll-ups ${run.rollups ? 'on ' : 'off'}  ${Math.round(run.ratePerSecond).toLocaleString('en-US').padStart(9)}/s  ${run.rowsPerCommit.toFixed(1).padStart(7)} rows/commit  append p50 ${ms(run.p50Ms)} ms, p99 ${ms(run.p99Ms)} ms${run.rollups ? `, lag at the end ${run.lagAtEndSeconds.toFixed(1)} s` : ''}`,
  );
  const table = (title: string, rows: readonly QueryTiming[]) => [
    `  ${title}`,
    ...rows.map((row) => `    ${row.span.padEnd(9)} every ${row.every.padEnd(3)} ${String(row.points).padStart(5)} points   raw ${ms(row.rawMs).padStart(7)} ms   ${row.tier.padEnd(3)} ${ms(row.rollupMs).padStart(7)} ms   ×${(row.rawMs / Math.max(row.rollupMs, 0.001)).toFixed(1)}`),
  ];
  return [
    `Roll-ups (embedded store alone, no MQTT; ${options.appenders}×${options.window} single-reading appends in flight, 2 runs of ${options.seconds} s each, averaged; job every 1 s):`,
    ...ingest,
    on && off ? `  with roll-ups: ${((on.ratePerSecond / off.ratePerSecond) * 100).toFixed(0)} % of the rate without` : '',
    `History over ${options.days} days of ${options.devices} air-quality stations, a reading every 15 minutes (${figures.generatedRows.toLocaleString('en-US')} rows generated with SQL in ${ms(figures.generateMs)} ms, rolled up by rebuildRollups in ${ms(figures.rollupBuildMs)} ms);`,
    '  median of 3 runs; at one reading per 15 minutes the 1-minute tier holds as many rows as raw, the hourly a quarter:',
    ...table(`city-wide mean and max of PM2.5 (historyAcross, groupBy kind, ${options.devices} devices)`, figures.cityWide),
    ...table('one device (history, mean)', figures.oneDevice),
  ];
}
