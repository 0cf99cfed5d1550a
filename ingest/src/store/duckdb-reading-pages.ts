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
 * `ts` let DuckDB skip every row group outside it (zone maps; readings are written roughly in time
 * order), so each reading is read about once, while a keyset page would sort everything after its
 * key again. A window holding more than two pages is narrowed and read again, so memory stays
 * bounded by the page size; the window widens again where readings are sparse. Readings sharing
 * one millisecond beyond two pages are read by device id within it.
 */
export async function* readingPages(connection: DuckDBConnection, query: ReadingsQuery, fieldNames: readonly string[]): AsyncGenerator<readonly Reading[]> {
  if (query.deviceIds.length === 0 || query.fromMs >= query.toMs) return;
  const { value: ids, type: idsType } = deviceList(query.deviceIds);
  const table = tableName(query.kind);
  const columns = fieldNames.map((field, i) => `, ${quoteIdent(field)} AS f${i}`).join('');
  const select = `SELECT device_id, district, epoch_ms(ts) AS ts_ms, epoch_ms(received_at) AS received_ms${columns} FROM ${table}`;
  const mine = 'device_id IN (SELECT unnest($ids))';
  const run = async (sql: string, params: Record<string, unknown>) =>
    (await connection.runAndReadAll(sql, { ids, ...params } as never, { ids: idsType } as never)).getColumns();
  // Column-major raw values: a tenth of the cost of row objects with JS conversion (measured).
  const toReadings = (columns: unknown[][]): Reading[] => {
    const [devices = [], districts = [], times = [], received = [], ...values] = columns;
    return devices.map((device, row) => {
      const fields: Record<string, FieldValue> = {};
      fieldNames.forEach((field, i) => {
        const value = toFieldValue(values[i]?.[row]);
        if (value !== null) fields[field] = value;
      });
      return { deviceId: String(device), kind: query.kind, district: String(districts[row]), ts: Number(times[row]), receivedAt: Number(received[row]), fields };
    });
  };

  const toMs = Math.ceil(query.toMs);
  let start = Math.floor(query.fromMs);
  let windowMs = Math.min(firstWindowMs, toMs - start);
  while (start < toMs) {
    const end = Math.min(start + windowMs, toMs);
    const inWindow = `${mine} AND ts >= epoch_ms($start::BIGINT) AND ts < epoch_ms($end::BIGINT)`;
    // At most two pages are held: a fuller window is narrowed and read again.
    const cap = 2 * query.pageSize;
    const readings = toReadings(await run(`${select} WHERE ${inWindow} ORDER BY ts, device_id LIMIT $cap`, { start, end, cap: cap + 1 }));
    const count = readings.length;
    if (count > cap && end - start > 1) {
      windowMs = Math.max(1, Math.floor((end - start) / 4));
      continue;
    }
    if (count > cap) {
      yield* sameMillisecond(start);
    } else {
      for (let at = 0; at < readings.length; at += query.pageSize) yield readings.slice(at, at + query.pageSize);
    }
    start = end;
    if (count < query.pageSize / 2) windowMs = Math.min(windowMs * 2, Number.MAX_SAFE_INTEGER / 4);
  }

  async function* sameMillisecond(ts: number): AsyncGenerator<readonly Reading[]> {
    let after = '';
    for (;;) {
      const readings = toReadings(await run(`${select} WHERE ${mine} AND ts = epoch_ms($ts::BIGINT) AND device_id > $after ORDER BY device_id LIMIT $page`, { ts, after, page: query.pageSize }));
      if (readings.length === 0) return;
      yield readings;
      after = readings[readings.length - 1]!.deviceId;
    }
  }
}
