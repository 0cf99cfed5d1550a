import type { DuckDBConnection } from '@duckdb/node-api';
import type { FieldValue, Reading } from '@kendali/contracts';
import { deviceList, toFieldValue } from './duckdb-history';
import { quoteIdent, tableName } from './telemetry-tables';
import type { ReadingsQuery } from './telemetry-store';

const firstWindowMs = 3_600_000; // 1 hour

/**
 * Raw readings of many devices, oldest first, a page at a time, for exports of any size.
 *
 * Paging walks the range in time windows rather than with OFFSET or a keyset: a window's bounds on
 * `ts` let DuckDB skip every row group outside it (zone maps), so each reading is read about once,
 * while a keyset page would sort everything after its key again. Each window is counted first and
 * narrowed until it holds at most two pages, so memory stays bounded by the page size; the window
 * then widens again where readings are sparse. Readings sharing one millisecond beyond a page are
 * read by device id within it.
 */
export async function* readingPages(connection: DuckDBConnection, query: ReadingsQuery, fieldNames: readonly string[]): AsyncGenerator<readonly Reading[]> {
  if (query.deviceIds.length === 0 || query.fromMs >= query.toMs) return;
  const { value: ids, type: idsType } = deviceList(query.deviceIds);
  const table = tableName(query.kind);
  const columns = fieldNames.map((field, i) => `, ${quoteIdent(field)} AS f${i}`).join('');
  const select = `SELECT device_id, district, epoch_ms(ts) AS ts_ms, epoch_ms(received_at) AS received_ms${columns} FROM ${table}`;
  const mine = 'device_id IN (SELECT unnest($ids))';
  const run = async (sql: string, params: Record<string, unknown>) =>
    (await connection.runAndReadAll(sql, { ids, ...params } as never, { ids: idsType } as never)).getRowObjectsJS();
  const toReadings = (rows: Record<string, unknown>[]): Reading[] =>
    rows.map((row) => {
      const fields: Record<string, FieldValue> = {};
      fieldNames.forEach((field, i) => {
        const value = toFieldValue(row[`f${i}`]);
        if (value !== null) fields[field] = value;
      });
      return { deviceId: String(row.device_id), kind: query.kind, district: String(row.district), ts: Number(row.ts_ms), receivedAt: Number(row.received_ms), fields };
    });

  const toMs = Math.ceil(query.toMs);
  let start = Math.floor(query.fromMs);
  let windowMs = Math.min(firstWindowMs, toMs - start);
  while (start < toMs) {
    const end = Math.min(start + windowMs, toMs);
    const inWindow = `${mine} AND ts >= epoch_ms($start::BIGINT) AND ts < epoch_ms($end::BIGINT)`;
    const [counted] = await run(`SELECT count(*) AS n FROM ${table} WHERE ${inWindow}`, { start, end });
    const count = Number(counted?.n ?? 0);
    if (count > 2 * query.pageSize && end - start > 1) {
      windowMs = Math.max(1, Math.floor(((end - start) * query.pageSize) / count));
      continue;
    }
    if (count > 2 * query.pageSize) {
      yield* sameMillisecond(start);
    } else if (count > 0) {
      const readings = toReadings(await run(`${select} WHERE ${inWindow} ORDER BY ts, device_id`, { start, end }));
      for (let at = 0; at < readings.length; at += query.pageSize) yield readings.slice(at, at + query.pageSize);
    }
    start = end;
    if (count < query.pageSize / 2) windowMs = Math.min(windowMs * 2, Number.MAX_SAFE_INTEGER / 4);
  }

  async function* sameMillisecond(ts: number): AsyncGenerator<readonly Reading[]> {
    let after = '';
    for (;;) {
      const rows = await run(`${select} WHERE ${mine} AND ts = epoch_ms($ts::BIGINT) AND device_id > $after ORDER BY device_id LIMIT $page`, { ts, after, page: query.pageSize });
      if (rows.length === 0) return;
      const readings = toReadings(rows);
      yield readings;
      after = readings[readings.length - 1]!.deviceId;
    }
  }
}
