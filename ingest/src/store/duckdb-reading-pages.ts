import type { DuckDBConnection } from '@duckdb/node-api';
import type { FieldValue, Reading } from '@kendali/contracts';
import { deviceList, toFieldValue } from './duckdb-history';
import type { ColumnKind } from './telemetry-tables';
import { quoteIdent, tableName } from './telemetry-tables';
import type { ReadingColumns, ReadingColumnsQuery, ReadingsQuery } from './telemetry-store';

const firstWindowMs = 3_600_000; // 1 hour

/** A page as DuckDB answers it, column by column; the first column is always `device_id`. */
type ResultColumns = unknown[][];

/**
 * Raw readings of many devices, oldest first, a page at a time, for exports of any size.
 *
 * Paging walks the range in time windows rather than with OFFSET or a keyset: a window's bounds on
 * `ts` let DuckDB skip every row group outside it (zone maps; readings are written roughly in time
 * order), so each reading is read about once, while a keyset page would sort everything after its
 * key again. A window holding more than two pages is narrowed and read again, so memory stays
 * bounded by the page size; the window widens again where readings are sparse. Readings sharing
 * one millisecond beyond two pages are read by device id within it.
 */
async function* resultPages(connection: DuckDBConnection, query: ReadingsQuery, select: string): AsyncGenerator<ResultColumns> {
  if (query.deviceIds.length === 0 || query.fromMs >= query.toMs) return;
  const { value: ids, type: idsType } = deviceList(query.deviceIds);
  const from = `${select} FROM ${tableName(query.kind)}`;
  const mine = 'device_id IN (SELECT unnest($ids))';
  // Column-major raw values: a tenth of the cost of row objects with JS conversion (measured).
  const run = async (sql: string, params: Record<string, unknown>) =>
    (await connection.runAndReadAll(sql, { ids, ...params } as never, { ids: idsType } as never)).getColumns();
  const rowsOf = (columns: ResultColumns) => columns[0]?.length ?? 0;

  const toMs = Math.ceil(query.toMs);
  let start = Math.floor(query.fromMs);
  let windowMs = Math.min(firstWindowMs, toMs - start);
  while (start < toMs) {
    const end = Math.min(start + windowMs, toMs);
    const inWindow = `${mine} AND ts >= epoch_ms($start::BIGINT) AND ts < epoch_ms($end::BIGINT)`;
    // At most two pages are held: a fuller window is narrowed and read again.
    const cap = 2 * query.pageSize;
    const columns = await run(`${from} WHERE ${inWindow} ORDER BY ts, device_id LIMIT $cap`, { start, end, cap: cap + 1 });
    const count = rowsOf(columns);
    if (count > cap && end - start > 1) {
      windowMs = Math.max(1, Math.floor((end - start) / 4));
      continue;
    }
    if (count > cap) {
      yield* sameMillisecond(start);
    } else if (count <= query.pageSize) {
      if (count > 0) yield columns;
    } else {
      for (let at = 0; at < count; at += query.pageSize) yield columns.map((column) => column.slice(at, at + query.pageSize));
    }
    start = end;
    if (count < query.pageSize / 2) windowMs = Math.min(windowMs * 2, Number.MAX_SAFE_INTEGER / 4);
  }

  async function* sameMillisecond(ts: number): AsyncGenerator<ResultColumns> {
    let after = '';
    for (;;) {
      const columns = await run(`${from} WHERE ${mine} AND ts = epoch_ms($ts::BIGINT) AND device_id > $after ORDER BY device_id LIMIT $page`, { ts, after, page: query.pageSize });
      const count = rowsOf(columns);
      if (count === 0) return;
      yield columns;
      after = String(columns[0]![count - 1]);
    }
  }
}

/** Raw readings as `Reading`s, every field of the kind (`fieldNames`, the table's field columns). */
export async function* readingPages(connection: DuckDBConnection, query: ReadingsQuery, fieldNames: readonly string[]): AsyncGenerator<readonly Reading[]> {
  const columns = fieldNames.map((field, i) => `, ${quoteIdent(field)} AS f${i}`).join('');
  const select = `SELECT device_id, district, epoch_ms(ts) AS ts_ms, epoch_ms(received_at) AS received_ms${columns}`;
  for await (const [devices = [], districts = [], times = [], received = [], ...values] of resultPages(connection, query, select)) {
    yield devices.map((device, row) => {
      const fields: Record<string, FieldValue> = {};
      fieldNames.forEach((field, i) => {
        const value = toFieldValue(values[i]?.[row]);
        if (value !== null) fields[field] = value;
      });
      return { deviceId: String(device), kind: query.kind, district: String(districts[row]), ts: Number(times[row]), receivedAt: Number(received[row]), fields };
    });
  }
}

/**
 * Raw readings as columns, only the fields asked for: DuckDB's columns handed on as they come,
 * numbers read as DOUBLE so no value needs converting (a BIGINT would arrive as a JS bigint),
 * booleans and strings as they are. A field the table has no column for is a column of nulls.
 */
export async function* readingColumnPages(connection: DuckDBConnection, query: ReadingColumnsQuery, tableColumns: ReadonlyMap<string, ColumnKind>): AsyncGenerator<ReadingColumns> {
  const fieldSql = query.fields.map((field, i) => {
    const kind = tableColumns.get(field);
    if (kind === undefined) return `, NULL AS f${i}`;
    return `, ${quoteIdent(field)}${kind === 'boolean' || kind === 'varchar' ? '' : '::DOUBLE'} AS f${i}`;
  });
  const select = `SELECT device_id, district, epoch_ms(ts)::DOUBLE AS ts_ms${fieldSql.join('')}`;
  for await (const [deviceIds = [], districts = [], ts = [], ...fields] of resultPages(connection, query, select)) {
    yield { deviceIds, districts, ts, fields } as ReadingColumns;
  }
}
