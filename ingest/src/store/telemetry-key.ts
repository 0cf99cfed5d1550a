import type { DuckDBConnection } from '@duckdb/node-api';
import type { DeviceKind } from '@kendali/contracts';
import { quoteIdent, tableName, type TableLayout } from './telemetry-tables';

/**
 * Gives a kind's table its (device_id, ts) key if a file made before the key lacks it. Readings
 * stored twice at one device and time are first merged into one row as InfluxDB would have kept
 * them: for each field the last value written that carries it (rowid is the order of writing),
 * district and received_at of the last row.
 *
 * Two transactions, because DuckDB checks a new key against rows deleted in the same transaction.
 * A crash between them leaves the duplicates merged and the key missing; the next open adds it.
 */
export async function ensureReadingKey(connection: DuckDBConnection, kind: DeviceKind, layout: TableLayout): Promise<void> {
  const table = tableName(kind);
  if (await hasPrimaryKey(connection, table)) return;
  const last = (column: string) => `arg_max(${column}, rowid) FILTER (WHERE ${column} IS NOT NULL) AS ${column}`;
  const fields = layout.fieldColumns.map((column) => quoteIdent(column.name));
  const columns = ['device_id', 'district', 'ts', 'received_at', ...fields];
  await connection.run('BEGIN TRANSACTION');
  try {
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE readings_merged AS
       SELECT device_id, ${last('district')}, ts, ${last('received_at')}${fields.map((field) => `, ${last(field)}`).join('')}
       FROM ${table} GROUP BY device_id, ts HAVING count(*) > 1`,
    );
    await connection.run(`DELETE FROM ${table} WHERE (device_id, ts) IN (SELECT (device_id, ts) FROM temp.main.readings_merged)`);
    await connection.run(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM temp.main.readings_merged`);
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  } finally {
    await connection.run('DROP TABLE IF EXISTS temp.main.readings_merged');
  }
  await connection.run(`ALTER TABLE ${table} ADD PRIMARY KEY (device_id, ts)`);
}

async function hasPrimaryKey(connection: DuckDBConnection, table: string): Promise<boolean> {
  const reader = await connection.runAndReadAll(
    `SELECT 1 FROM duckdb_constraints() WHERE database_name = current_database() AND schema_name = 'main'
       AND table_name = $table AND constraint_type = 'PRIMARY KEY'`,
    { table },
  );
  return reader.currentRowCount > 0;
}
