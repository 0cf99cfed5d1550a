import { listValue, VARCHAR, LIST, type DuckDBConnection } from '@duckdb/node-api';
import { stringFieldAggregates, type AggregateFn, type FieldValue } from '@kendali/contracts';
import { quoteIdent, tableName, type TableLayout } from './telemetry-tables';
import type { AcrossAnswer, AcrossQuery, AcrossSeries, HistoryPoint } from './telemetry-store';

/** Whether a column answers an aggregate: a string field has no mean, minimum or maximum (asked, it has no points). */
export const answersAggregate = (column: TableLayout['fieldColumns'][number], fn: AggregateFn): boolean => column.kind !== 'varchar' || stringFieldAggregates.includes(fn);

/** Aggregates over raw readings, per bucket. */
export const aggregateSql: Record<AggregateFn, (column: string) => string> = {
  mean: (c) => `avg(${c}::DOUBLE)`,
  min: (c) => `min(${c})`,
  max: (c) => `max(${c})`,
  last: (c) => `arg_max(${c}, ts)`,
  count: (c) => `count(${c})`,
};

const groupColumn = { device: 'device_id', district: 'district', kind: null } as const;

/** The devices of a query, bound as one list parameter. */
export const deviceList = (ids: readonly string[]) => ({ value: listValue([...ids]), type: LIST(VARCHAR) });

export function toFieldValue(value: unknown): FieldValue | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  return Number(value);
}

/**
 * A bucket's aggregate of one field, or null where the field has no reading in it (another field
 * of the row has): such a bucket is left out of the field's series, as an empty bucket is.
 */
export function bucketValue(fn: AggregateFn, raw: unknown): FieldValue | null {
  const value = toFieldValue(raw);
  return fn === 'count' && value === 0 ? null : value;
}

/** A field is readable while its kind's table has its column (a field a newer profile removed too). */
function checkFields(layout: TableLayout, query: Pick<AcrossQuery, 'kind' | 'fields'>): TableLayout['fieldColumns'] {
  return query.fields.map((field) => {
    const column = layout.fieldColumns.find((candidate) => candidate.name === field);
    if (column === undefined) throw new Error(`device kind ${query.kind} has no field ${field}`);
    return column;
  });
}

/** Several fields of many devices of one kind from the raw table, in buckets or raw, grouped. */
export async function historyAcrossRaw(connection: DuckDBConnection, layout: TableLayout, query: AcrossQuery): Promise<AcrossAnswer> {
  const columns = checkFields(layout, query);
  if (query.deviceIds.length === 0 || query.fields.length === 0) return { tier: 'raw', series: [] };
  const { value: ids, type: idsType } = deviceList(query.deviceIds);
  const table = tableName(query.kind);
  const where = `device_id IN (SELECT unnest($ids)) AND ts >= epoch_ms($from::BIGINT) AND ts < epoch_ms($to::BIGINT)`;
  const params: Record<string, unknown> = { ids, from: Math.floor(query.fromMs), to: Math.ceil(query.toMs), limit: query.limit };
  const types: Record<string, unknown> = { ids: idsType };
  const series = new Map<string, AcrossSeries & { points: HistoryPoint[] }>();
  const seriesFor = (group: string, field: string, fn: AggregateFn | null) => {
    const key = `${group}\u0000${field}\u0000${fn ?? ''}`;
    let found = series.get(key);
    if (found === undefined) {
      found = { group, field, fn, points: [] };
      series.set(key, found);
    }
    return found;
  };

  if (query.everyMs === undefined) {
    const selected = query.fields.map((field, i) => `${quoteIdent(field)} AS f${i}`).join(', ');
    const sql = `SELECT device_id AS g, epoch_ms(ts) AS t, ${selected} FROM ${table} WHERE ${where}
      QUALIFY row_number() OVER (PARTITION BY device_id ORDER BY ts) <= $limit ORDER BY g, ts`;
    const reader = await connection.runAndReadAll(sql, params as never, types as never);
    for (const row of reader.getRowObjectsJS()) {
      query.fields.forEach((field, i) => {
        const value = toFieldValue(row[`f${i}`]);
        if (value !== null) seriesFor(String(row.g), field, null).points.push({ t: Number(row.t), value });
      });
    }
    return { tier: 'raw', series: [...series.values()] };
  }

  const group = groupColumn[query.groupBy];
  const selects: string[] = [];
  const outputs: { field: string; fn: AggregateFn; alias: string }[] = [];
  columns.forEach((column, i) => {
    query.fns.forEach((fn, j) => {
      if (!answersAggregate(column, fn)) return;
      const alias = `a${i}_${j}`;
      selects.push(`${aggregateSql[fn](quoteIdent(column.name))} AS ${alias}`);
      outputs.push({ field: column.name, fn, alias });
    });
  });
  if (outputs.length === 0) return { tier: 'raw', series: [] };
  params.every = Math.round(query.everyMs);
  params.origin = Math.round(query.originMs ?? 0);
  const bucket = `time_bucket(to_milliseconds($every::BIGINT), ts, epoch_ms($origin::BIGINT))`;
  const sql = `SELECT ${group ?? `'${query.kind}'`} AS g, epoch_ms(${bucket}) AS t, ${selects.join(', ')}
    FROM ${table} WHERE ${where} GROUP BY ALL ORDER BY g, t`;
  delete params.limit;
  const reader = await connection.runAndReadAll(sql, params as never, types as never);
  for (const row of reader.getRowObjectsJS()) {
    for (const output of outputs) {
      const value = bucketValue(output.fn, row[output.alias]);
      if (value === null) continue;
      const target = seriesFor(String(row.g), output.field, output.fn);
      if (target.points.length < query.limit) target.points.push({ t: Number(row.t), value });
    }
  }
  return { tier: 'raw', series: [...series.values()] };
}
