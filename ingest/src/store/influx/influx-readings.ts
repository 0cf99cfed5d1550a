import type { Transport } from '@influxdata/influxdb-client';
import { requireKind, type FieldValue, type KindLookup, type Reading } from '@kendali/contracts';
import type { ReadingsQuery } from '../telemetry-store';
import { deviceCondition, epochMs, fieldValueOf, runInfluxQlStatements, type InfluxSeries } from './influxql';
import type { InfluxLayout } from './influx-rollups';
import { byTimeThenDevice } from './waiting-readings';

const tagColumns = new Set(['time', 'deviceId', 'district', 'kind']);

interface ReadingsContext {
  readonly transport: Transport;
  readonly database: string;
  readonly layout: InfluxLayout;
  readonly kinds: KindLookup;
}

/**
 * Raw readings in time order, then device, a page at a time: keyset paging on time (`time >= t`
 * and LIMIT), so memory stays bounded by the page however long the range. Readings sharing the
 * last time of a fetch may continue past it, so a fetch hands out only times before its last one
 * (and when a whole fetch shares one time, that instant is read on its own, series by series).
 */
export async function* influxReadingPages(context: ReadingsContext, query: ReadingsQuery, waiting: readonly Reading[]): AsyncGenerator<readonly Reading[]> {
  if (query.deviceIds.length === 0) return;
  const fetchSize = Math.max(2, query.pageSize);
  let page: Reading[] = [];
  let spoolAt = 0;
  const out: Reading[] = [];
  /** Merges stored readings (sorted) with the waiting ones up to `untilTs` (exclusive); a waiting reading's fields win at the same device and time. */
  const emit = (stored: readonly Reading[], untilTs: number) => {
    let i = 0;
    while (i < stored.length || (spoolAt < waiting.length && (waiting[spoolAt] as Reading).ts < untilTs)) {
      const a = stored[i];
      const b = spoolAt < waiting.length && (waiting[spoolAt] as Reading).ts < untilTs ? waiting[spoolAt] : undefined;
      const order = a === undefined ? 1 : b === undefined ? -1 : byTimeThenDevice(a, b);
      if (order < 0) out.push(a as Reading);
      else if (order > 0) out.push(b as Reading);
      else out.push({ ...(b as Reading), fields: { ...(a as Reading).fields, ...(b as Reading).fields } });
      if (order <= 0) i++;
      if (order >= 0) spoolAt++;
    }
  };
  let fromTs = Math.floor(query.fromMs);
  const toTs = Math.ceil(query.toMs);
  while (fromTs < toTs) {
    const rows = await fetchRows(context, query, `time >= ${epochMs(fromTs)} AND time < ${epochMs(toTs)}`, `ORDER BY time ASC LIMIT ${fetchSize}`);
    if (rows.length === 0) break;
    const lastTs = (rows[rows.length - 1] as Reading).ts;
    if (rows.length < fetchSize) {
      emit(rows.sort(byTimeThenDevice), toTs);
      fromTs = toTs;
    } else if ((rows[0] as Reading).ts === lastTs) {
      // A whole fetch at one instant: that instant alone, in pages of series.
      for (let offset = 0; ; offset += fetchSize) {
        const instant = await fetchRows(context, query, `time = ${epochMs(lastTs)}`, `SLIMIT ${fetchSize} SOFFSET ${offset}`, true);
        emit(instant.sort(byTimeThenDevice), lastTs);
        if (instant.length < fetchSize) break;
      }
      emit([], lastTs + 1);
      fromTs = lastTs + 1;
    } else {
      emit(rows.filter((row) => row.ts < lastTs).sort(byTimeThenDevice), lastTs);
      fromTs = lastTs;
    }
    while (out.length >= query.pageSize) yield out.splice(0, query.pageSize);
  }
  emit([], toTs);
  page = out.splice(0);
  while (page.length > 0) yield page.splice(0, query.pageSize);
}

async function fetchRows(context: ReadingsContext, query: ReadingsQuery, time: string, tail: string, bySeries = false): Promise<Reading[]> {
  const from = context.layout.measurement('raw', query.kind);
  const statement = `SELECT * FROM ${from} WHERE ${deviceCondition(query.deviceIds)} AND ${time}${bySeries ? ' GROUP BY "deviceId"' : ''} ${tail}`;
  const [series = []] = await runInfluxQlStatements(context.transport, context.database, [statement]);
  return series.flatMap((one) => toReadings(context, query, one));
}

function toReadings(context: ReadingsContext, query: ReadingsQuery, series: InfluxSeries): Reading[] {
  const fieldsOfKind = requireKind(context.kinds, query.kind).fields;
  return series.values.map((row) => {
    const fields: Record<string, FieldValue> = {};
    let deviceId = series.tags?.deviceId ?? '';
    let district = series.tags?.district ?? '';
    series.columns.forEach((column, index) => {
      const value = row[index];
      if (value === null || value === undefined) return;
      if (column === 'deviceId') deviceId = String(value);
      else if (column === 'district') district = String(value);
      else if (!tagColumns.has(column) && Object.hasOwn(fieldsOfKind, column)) fields[column] = fieldValueOf(value) as FieldValue;
    });
    const ts = Number(row[0]);
    return { deviceId, kind: query.kind, district, ts, receivedAt: ts, fields };
  });
}
