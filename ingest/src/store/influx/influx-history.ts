import type { Transport } from '@influxdata/influxdb-client';
import { deviceKindNames, kindSpec, type AggregateFn, type DeviceKind, type FieldValue, type Reading } from '@kendali/contracts';
import type { HistoryPoint, HistoryQuery } from '../telemetry-store';
import { epochMs, quoteIdentifier, quoteString, runInfluxQl } from './influxql';

const selector: Record<AggregateFn, string> = { mean: 'MEAN', min: 'MIN', max: 'MAX', last: 'LAST', count: 'COUNT' };
const tagColumns = new Set(['time', 'deviceId', 'district', 'kind']);
/** Raw booleans fetched to roll up here (InfluxQL has no MEAN/MIN/MAX of booleans, nor a cast). */
const maxBooleanRows = 200_000;

/** History of one field of one device in InfluxQL, raw or in epoch-aligned buckets like the embedded store. */
export async function influxHistory(transport: Transport, database: string, query: HistoryQuery): Promise<HistoryPoint[]> {
  const field = kindSpec(query.kind).fields[query.field];
  if (field === undefined) throw new Error(`device kind ${query.kind} has no field ${query.field}`);
  const column = quoteIdentifier(query.field);
  const where = `WHERE "deviceId" = ${quoteString(query.deviceId)} AND time >= ${epochMs(Math.floor(query.fromMs))} AND time < ${epochMs(Math.ceil(query.toMs))}`;
  const from = `FROM ${quoteIdentifier(query.kind)} ${where}`;
  const rollUpHere = query.everyMs !== undefined && field.type === 'boolean' && ['mean', 'min', 'max'].includes(query.fn);
  if (query.everyMs === undefined || rollUpHere) {
    const limit = rollUpHere ? maxBooleanRows : query.limit;
    const raw = await points(transport, database, `SELECT ${column} ${from} ORDER BY time ASC LIMIT ${limit}`);
    return rollUpHere ? rollUpBooleans(raw, query.everyMs as number, query.fn).slice(0, query.limit) : raw;
  }
  // GROUP BY time() buckets start at epoch-aligned boundaries; fill(none) leaves out empty buckets.
  const every = `${Math.max(1, Math.round(query.everyMs))}ms`;
  return points(transport, database, `SELECT ${selector[query.fn]}(${column}) ${from} GROUP BY time(${every}) fill(none) LIMIT ${query.limit}`);
}

async function points(transport: Transport, database: string, statement: string): Promise<HistoryPoint[]> {
  const series = await runInfluxQl(transport, database, statement);
  return (series[0]?.values ?? []).map((row) => ({ t: Number(row[0]), value: fieldValue(row[1]) }));
}

function rollUpBooleans(raw: readonly HistoryPoint[], everyMs: number, fn: AggregateFn): HistoryPoint[] {
  const buckets = new Map<number, { on: number; all: number }>();
  for (const point of raw) {
    const start = Math.floor(point.t / everyMs) * everyMs;
    const bucket = buckets.get(start) ?? { on: 0, all: 0 };
    bucket.all++;
    if (point.value === true) bucket.on++;
    buckets.set(start, bucket);
  }
  return [...buckets].map(([t, { on, all }]) => ({ t, value: fn === 'mean' ? on / all : fn === 'max' ? on > 0 : on === all }));
}

/** The newest point of every device, one query per kind (a series look-up on the deviceId tag). */
export async function influxLatestPerDevice(transport: Transport, database: string): Promise<Reading[]> {
  const readings: Reading[] = [];
  for (const kind of deviceKindNames) {
    const series = await runInfluxQl(transport, database, `SELECT * FROM ${quoteIdentifier(kind)} GROUP BY "deviceId" ORDER BY time DESC LIMIT 1`);
    for (const one of series) {
      const row = one.values[0];
      const deviceId = one.tags?.deviceId;
      if (row === undefined || deviceId === undefined) continue;
      readings.push(toReading(kind, deviceId, one.columns, row));
    }
  }
  return readings;
}

function toReading(kind: DeviceKind, deviceId: string, columns: readonly string[], row: readonly unknown[]): Reading {
  const fields: Record<string, FieldValue> = {};
  let district = '';
  const ts = Number(row[0]);
  columns.forEach((column, index) => {
    const value = row[index];
    if (column === 'district') district = String(value ?? '');
    if (tagColumns.has(column) || value === null || value === undefined) return;
    const parsed = fieldValue(value);
    if (parsed !== null && Object.hasOwn(kindSpec(kind).fields, column)) fields[column] = parsed;
  });
  // InfluxDB keeps the measurement time only; when Kendali received it is not stored there.
  return { deviceId, kind, district, ts, receivedAt: ts, fields };
}

function fieldValue(value: unknown): FieldValue | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'boolean' ? value : Number(value);
}
