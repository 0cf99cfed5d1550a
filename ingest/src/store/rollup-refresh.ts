import type { DuckDBConnection } from '@duckdb/node-api';
import type { DeviceKind } from '@kendali/contracts';
import { rollupTableName, tileColumns, tilesFromRaw, tilesFromTiles } from './rollup-tables';
import { tableName, type TableLayout } from './telemetry-tables';

export const minuteMs = 60_000;
export const hourMs = 3_600_000;

/** ms epoch as a TIMESTAMP literal (our own integers, never user text). */
export const at = (ms: number): string => `make_timestamp(${Math.round(ms) * 1000})`;

/**
 * Which buckets of a kind to recompute: the minutes within [fromMs, toMs) and the hours holding
 * them; all of them (a rebuild), or only the (device, minute) pairs in the temp table
 * `rollup_touched` and their hours (the job after commits).
 */
export interface RefreshScope {
  readonly kind: DeviceKind;
  readonly fromMs: number;
  readonly toMs: number;
  readonly touchedOnly: boolean;
}

/**
 * Recomputes 1-minute buckets from the raw readings, then the 1-hour buckets holding them from the
 * 1-minute ones, inside the caller's transaction. The ts range keeps both scans on the row groups
 * that hold it (DuckDB skips the rest by their min/max). Resolves with the buckets written.
 */
export async function refreshRollups(connection: DuckDBConnection, layout: TableLayout, scope: RefreshScope): Promise<number> {
  const { kind, fromMs, toMs, touchedOnly } = scope;
  const raw = tableName(kind);
  const minute = rollupTableName('1m', kind);
  const hour = rollupTableName('1h', kind);
  const columns = ['device_id', 'bucket', 'district', ...tileColumns(layout.fieldColumns)].join(', ');
  const kindLiteral = `'${kind}'`;
  const minutesTouched = `(SELECT device_id, minute FROM temp.main.rollup_touched WHERE kind = ${kindLiteral})`;
  const hoursTouched = `(SELECT DISTINCT device_id, time_bucket(INTERVAL 1 hour, minute) AS hour FROM temp.main.rollup_touched WHERE kind = ${kindLiteral})`;
  const range = (column: string) => `${column} >= ${at(fromMs)} AND ${column} < ${at(toMs)}`;
  const hourRange = (column: string) => `${column} >= ${at(Math.floor(fromMs / hourMs) * hourMs)} AND ${column} < ${at(Math.ceil(toMs / hourMs) * hourMs)}`;

  const deleteMinutes = touchedOnly
    ? `DELETE FROM ${minute} USING ${minutesTouched} AS t WHERE ${minute}.device_id = t.device_id AND ${minute}.bucket = t.minute AND ${range(`${minute}.bucket`)}`
    : `DELETE FROM ${minute} WHERE ${range('bucket')}`;
  const rawRows = touchedOnly
    ? `${raw} AS r SEMI JOIN ${minutesTouched} AS t ON r.device_id = t.device_id AND time_bucket(INTERVAL 1 minute, r.ts) = t.minute`
    : `${raw} AS r`;
  await connection.run(deleteMinutes);
  const minutes = await connection.run(
    `INSERT INTO ${minute} (${columns})
     SELECT device_id, time_bucket(INTERVAL 1 minute, ts), arg_max(district, ts), ${tilesFromRaw(layout.fieldColumns).join(', ')}
     FROM ${rawRows} WHERE ${range('r.ts')} GROUP BY device_id, time_bucket(INTERVAL 1 minute, ts)`,
  );

  const deleteHours = touchedOnly
    ? `DELETE FROM ${hour} USING ${hoursTouched} AS t WHERE ${hour}.device_id = t.device_id AND ${hour}.bucket = t.hour AND ${hourRange(`${hour}.bucket`)}`
    : `DELETE FROM ${hour} WHERE ${hourRange('bucket')}`;
  const minuteRows = touchedOnly
    ? `${minute} AS m SEMI JOIN ${hoursTouched} AS t ON m.device_id = t.device_id AND time_bucket(INTERVAL 1 hour, m.bucket) = t.hour`
    : `${minute} AS m`;
  await connection.run(deleteHours);
  const hours = await connection.run(
    `INSERT INTO ${hour} (${columns})
     SELECT device_id, time_bucket(INTERVAL 1 hour, bucket) AS hour, arg_max(district, bucket), ${tilesFromTiles(layout.fieldColumns).join(', ')}
     FROM ${minuteRows} WHERE ${hourRange('m.bucket')} GROUP BY device_id, hour`,
  );
  return Number(minutes.rowsChanged) + Number(hours.rowsChanged);
}

/**
 * Touched minutes (ms epoch, sorted) gathered into ranges: minutes less than an hour apart share
 * one, so the usual run (the last seconds of every device) scans only the row groups of those
 * minutes, and a late reading from days ago gets a small range of its own.
 */
export function minuteRanges(minutes: readonly number[]): { fromMs: number; toMs: number }[] {
  const ranges: { fromMs: number; toMs: number }[] = [];
  for (const minute of minutes) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && minute - last.toMs < hourMs) last.toMs = Math.max(last.toMs, minute + minuteMs);
    else ranges.push({ fromMs: minute, toMs: minute + minuteMs });
  }
  return ranges;
}
