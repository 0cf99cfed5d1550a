import { DuckDBTimestampValue, type DuckDBAppender } from '@duckdb/node-api';
import type { Reading } from '@kendali/contracts';
import type { TableLayout } from './telemetry-tables';

// ms × 1000 is an exact integer in a double for hundreds of millennia, so one BigInt per value suffices.
const timestamp = (ms: number) => new DuckDBTimestampValue(BigInt(ms * 1000));

/** One reading as one row, its columns in the order of the kind's table (its own or its staging table). */
export function appendRow(appender: DuckDBAppender, layout: TableLayout, reading: Reading): void {
  appender.appendVarchar(reading.deviceId);
  appender.appendVarchar(reading.district);
  appender.appendTimestamp(timestamp(reading.ts));
  appender.appendTimestamp(timestamp(reading.receivedAt));
  for (const column of layout.fieldColumns) {
    const value = reading.fields[column.name];
    if (value === undefined) appender.appendNull();
    else if (column.kind === 'boolean') appender.appendBoolean(value === true);
    else if (column.kind === 'bigint') appender.appendBigInt(BigInt(value as number));
    else if (column.kind === 'varchar') appender.appendVarchar(String(value));
    else appender.appendDouble(value as number);
  }
  appender.endRow();
}
