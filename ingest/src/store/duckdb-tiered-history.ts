import { listValue, LIST, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import type { AggregateFn, HistoryTier } from '@kendali/contracts';
import { answersAggregate, bucketValue } from './duckdb-history';
import { tierBucketMs } from './history-tier';
import { at } from './rollup-refresh';
import { readingAsTile, recombine, rollupTableName, tileColumns, type RollupTier } from './rollup-tables';
import { tableName, type TableLayout } from './telemetry-tables';
import type { AcrossAnswer, AcrossQuery, AcrossSeries, HistoryPoint } from './telemetry-store';

/** A stretch of a query's range and where its tiles come from. */
interface TileSegment {
  readonly source: HistoryTier;
  readonly fromMs: number;
  readonly toMs: number;
}

const finer: Record<RollupTier, RollupTier | null> = { '1h': '1m', '1m': null };

/**
 * Cuts [fromMs, toMs) into stretches each read from the coarsest tier whose buckets fit inside it:
 * whole hours from the hourly roll-up, the minutes at either end from the 1-minute one, and the
 * seconds at the ragged ends (a range from "now") from raw readings.
 */
function tileSegments(fromMs: number, toMs: number, tier: RollupTier | null): TileSegment[] {
  if (fromMs >= toMs) return [];
  if (tier === null) return [{ source: 'raw', fromMs, toMs }];
  const width = tierBucketMs[tier];
  const start = Math.ceil(fromMs / width) * width;
  const end = Math.floor(toMs / width) * width;
  if (start >= end) return tileSegments(fromMs, toMs, finer[tier]);
  return [...tileSegments(fromMs, start, finer[tier]), { source: tier, fromMs: start, toMs: end }, ...tileSegments(end, toMs, finer[tier])];
}

const groupColumn = { device: 'device_id', district: 'district', kind: null } as const;

/**
 * A bucketed query answered from roll-up tiles (and raw readings at the ragged ends), recombined
 * exactly: the same numbers as over the raw readings, however far back raw readings are kept.
 * `originMs` undefined buckets as DuckDB's `time_bucket` does by default (as the single-device
 * history over raw readings does).
 */
export async function historyFromTiles(
  connection: DuckDBConnection,
  layout: TableLayout,
  query: AcrossQuery & { readonly everyMs: number },
  tier: RollupTier,
): Promise<AcrossAnswer> {
  const columns = query.fields.map((field) => {
    const column = layout.fieldColumns.find((candidate) => candidate.name === field);
    if (column === undefined) throw new Error(`device kind ${query.kind} has no field ${field}`);
    return column;
  });
  if (query.deviceIds.length === 0 || columns.length === 0) return { tier, series: [] };
  const names = tileColumns(columns);
  const tiles = names.join(', ');
  // Named, since a union takes its column names from its first select, which may be the raw one.
  const readingTiles = readingAsTile(columns).map((sql, i) => `${sql} AS ${names[i]!}`).join(', ');
  const devices = 'device_id IN (SELECT unnest($ids))';
  const segments = tileSegments(query.fromMs, query.toMs, tier);
  if (segments.length === 0) return { tier, series: [] };
  const selects = segments.map(({ source, fromMs, toMs }) =>
    source === 'raw'
      ? `SELECT device_id, district, ts AS bucket, ${readingTiles} FROM ${tableName(query.kind)}
         WHERE ${devices} AND ts >= ${at(fromMs)} AND ts < ${at(toMs)}`
      : `SELECT device_id, district, bucket, ${tiles} FROM ${rollupTableName(source, query.kind)}
         WHERE ${devices} AND bucket >= ${at(fromMs)} AND bucket < ${at(toMs)}`,
  );
  const outputs: { field: string; fn: AggregateFn; alias: string; sql: string }[] = [];
  columns.forEach((column, i) => {
    query.fns.forEach((fn, j) => {
      if (answersAggregate(column, fn)) outputs.push({ field: column.name, fn, alias: `a${i}_${j}`, sql: recombine(column, fn) });
    });
  });
  if (outputs.length === 0) return { tier, series: [] };
  const origin = query.originMs === undefined ? '' : `, ${at(query.originMs)}`;
  const group = groupColumn[query.groupBy] ?? `'${query.kind}'`;
  const sql = `SELECT ${group} AS g, epoch_ms(time_bucket(to_milliseconds(${Math.round(query.everyMs)}::BIGINT), bucket${origin})) AS t,
      ${outputs.map((output) => `${output.sql} AS ${output.alias}`).join(', ')}
    FROM (${selects.join(' UNION ALL ')}) GROUP BY ALL ORDER BY g, t`;
  const reader = await connection.runAndReadAll(sql, { ids: listValue([...query.deviceIds]) } as never, { ids: LIST(VARCHAR) } as never);
  const series = new Map<string, AcrossSeries & { points: HistoryPoint[] }>();
  for (const row of reader.getRowObjectsJS()) {
    for (const output of outputs) {
      const value = bucketValue(output.fn, row[output.alias]);
      if (value === null) continue;
      const key = `${String(row.g)}\u0000${output.field}\u0000${output.fn}`;
      let target = series.get(key);
      if (target === undefined) series.set(key, (target = { group: String(row.g), field: output.field, fn: output.fn, points: [] }));
      if (target.points.length < query.limit) target.points.push({ t: Number(row.t), value });
    }
  }
  return { tier, series: [...series.values()] };
}
