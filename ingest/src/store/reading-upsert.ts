import type { DeviceKind, Reading } from '@kendali/contracts';
import { quoteIdent, tableName, type TableLayout } from './telemetry-tables';

/**
 * One reading per (device, ts), as InfluxDB keeps one point per series and time: a later reading
 * replaces the fields it carries and keeps the others (InfluxDB 1.x merges the field sets of two
 * writes of one point, the newer value winning), and brings its own district and receivedAt.
 *
 * Appenders cannot upsert, so each commit appends into a per-connection staging table (temporary,
 * so it costs no write-ahead log) and moves it with one INSERT … ON CONFLICT per kind. DuckDB
 * refuses to update one row twice in a statement, so a batch is first made one reading per key.
 */
const stagingTableName = (kind: DeviceKind): string => `${tableName(kind)}_incoming`;

export const stagingTable = (kind: DeviceKind) => ({ table: stagingTableName(kind), schema: 'main', catalog: 'temp' }) as const;

/** An empty staging table with the kind table's columns, in its order. */
export const stagingDdl = (kind: DeviceKind): string =>
  `CREATE OR REPLACE TEMP TABLE ${stagingTableName(kind)} AS SELECT * FROM main.${tableName(kind)} LIMIT 0`;

export function upsertFromStaging(kind: DeviceKind, layout: TableLayout): string {
  const fields = layout.fieldColumns.map((column) => quoteIdent(column.name));
  const columns = ['device_id', 'district', 'ts', 'received_at', ...fields].join(', ');
  const merged = ['district = excluded.district', 'received_at = excluded.received_at', ...fields.map((field) => `${field} = coalesce(excluded.${field}, ${field})`)];
  return `INSERT INTO main.${tableName(kind)} (${columns}) SELECT ${columns} FROM temp.main.${stagingTableName(kind)}
    ON CONFLICT (device_id, ts) DO UPDATE SET ${merged.join(', ')}`;
}

export const clearStaging = (kind: DeviceKind): string => `DELETE FROM temp.main.${stagingTableName(kind)}`;

/** The readings of a commit, one per (kind, device, ts), merged in the order they arrived. */
export function onePerDeviceAndTime(batches: Iterable<readonly Reading[]>): Map<DeviceKind, Reading[]> {
  const byKind = new Map<DeviceKind, Map<string, Reading>>();
  for (const readings of batches) {
    for (const reading of readings) {
      let keyed = byKind.get(reading.kind);
      if (keyed === undefined) byKind.set(reading.kind, (keyed = new Map()));
      const key = `${reading.ts}\u0000${reading.deviceId}`;
      const earlier = keyed.get(key);
      keyed.set(key, earlier === undefined ? reading : { ...reading, fields: { ...earlier.fields, ...reading.fields } });
    }
  }
  return new Map([...byKind].map(([kind, keyed]) => [kind, [...keyed.values()]]));
}
