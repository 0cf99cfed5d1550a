import type { DuckDBConnection } from '@duckdb/node-api';
import type { DeviceKind, FieldValue, KindLookup, Reading } from '@kendali/contracts';
import { toFieldValue } from './duckdb-history';
import { tableName, type TableLayout } from './telemetry-tables';

/** Each device's newest stored reading, every kind's table read in turn (what the live state warms from at start). */
export async function latestPerDevice(connection: DuckDBConnection, layouts: ReadonlyMap<DeviceKind, TableLayout>, kinds: KindLookup): Promise<Reading[]> {
  const readings: Reading[] = [];
  for (const kind of layouts.keys()) {
    const reader = await connection.runAndReadAll(
      `SELECT * EXCLUDE (ts, received_at), epoch_ms(ts) AS ts_ms, epoch_ms(received_at) AS received_ms
       FROM ${tableName(kind)} QUALIFY row_number() OVER (PARTITION BY device_id ORDER BY ts DESC) = 1`,
    );
    // Only the fields the profile in force defines: a removed field's column is history.
    const defined = kinds.spec(kind)?.fields;
    const columns = (layouts.get(kind)?.fieldColumns ?? []).filter((column) => defined === undefined || Object.hasOwn(defined, column.name));
    for (const row of reader.getRowObjectsJS()) {
      const fields: Record<string, FieldValue> = {};
      for (const column of columns) {
        const value = toFieldValue(row[column.name]);
        if (value !== null) fields[column.name] = value;
      }
      readings.push({
        deviceId: String(row.device_id),
        kind,
        district: String(row.district),
        ts: Number(row.ts_ms),
        receivedAt: Number(row.received_ms),
        fields,
      });
    }
  }
  return readings;
}
