import type { AggregateFn, DeviceKind } from '@kendali/contracts';
import { quoteIdent, sqlType, tableName, type TableLayout } from './telemetry-tables';

export type RollupTier = '1m' | '1h';

/** `telemetry_1m_air_quality`: one row per device and bucket, keyed (device_id, bucket). */
export const rollupTableName = (tier: RollupTier, kind: DeviceKind): string => tableName(kind).replace(/^telemetry_/, `telemetry_${tier}_`);

/**
 * Buckets of readings committed but not rolled up yet, one row per (kind, device, minute), written by
 * the group commit in the same transaction as the readings (so a crash loses neither or both).
 */
export const dirtyTable = 'telemetry_rollup_dirty';

export const dirtyDdl = `CREATE TABLE IF NOT EXISTS ${dirtyTable} (kind VARCHAR NOT NULL, device_id VARCHAR NOT NULL, minute TIMESTAMP NOT NULL)`;

type Column = TableLayout['fieldColumns'][number];

/**
 * Per field, what recombines into every aggregate exactly: sum and count (mean), min, max, and the
 * last value with its time. For a boolean, `sum` is the count of true: share of true, min (all
 * true) and max (any true) follow from it and the count. A string field's values have no sum, minimum
 * or maximum: its tiles keep the count and the last value only.
 */
export const tileParts = (column: Column): readonly { readonly part: string; readonly type: string }[] => {
  const valueType = sqlType(column.kind);
  const shared = [
    { part: 'count', type: 'BIGINT' },
    { part: 'last', type: valueType },
    { part: 'last_ts', type: 'TIMESTAMP' },
  ];
  if (column.kind === 'boolean') return [{ part: 'sum', type: 'BIGINT' }, ...shared];
  if (column.kind === 'varchar') return shared;
  return [{ part: 'sum', type: 'DOUBLE' }, { part: 'min', type: valueType }, { part: 'max', type: valueType }, ...shared];
};

export const tileColumn = (field: string, part: string): string => quoteIdent(`${field}__${part}`);

/** The roll-up tables of one kind, and the columns a newer contract adds to an older file. */
export function rollupDdl(kind: DeviceKind, layout: TableLayout): string[] {
  const statements: string[] = [];
  for (const tier of ['1m', '1h'] as const) {
    const table = rollupTableName(tier, kind);
    statements.push(`CREATE TABLE IF NOT EXISTS ${table} (device_id VARCHAR NOT NULL, bucket TIMESTAMP NOT NULL, district VARCHAR NOT NULL)`);
    for (const column of layout.fieldColumns) {
      for (const { part, type } of tileParts(column)) statements.push(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${tileColumn(column.name, part)} ${type}`);
    }
  }
  return statements;
}

/** Every tile column of the layout, in table order: the column list of inserts and unions. */
export const tileColumns = (columns: readonly Column[]): string[] => columns.flatMap((column) => tileParts(column).map(({ part }) => tileColumn(column.name, part)));

/** Tile columns aggregated from raw readings (`ts` and the field's own column), in `tileColumns` order. */
export function tilesFromRaw(columns: readonly Column[]): string[] {
  return columns.flatMap((column) => {
    const c = quoteIdent(column.name);
    const sum = column.kind === 'boolean' ? `count(${c}) FILTER (WHERE ${c})` : `sum(${c}::DOUBLE)`;
    const minMax = column.kind === 'boolean' ? [] : [`min(${c})`, `max(${c})`];
    if (column.kind === 'varchar') return [`count(${c})`, `arg_max(${c}, ts)`, `max(ts) FILTER (WHERE ${c} IS NOT NULL)`];
    return [sum, ...minMax, `count(${c})`, `arg_max(${c}, ts)`, `max(ts) FILTER (WHERE ${c} IS NOT NULL)`];
  });
}

/** Tile columns merged from finer tiles (1-minute into 1-hour), in `tileColumns` order. */
export function tilesFromTiles(columns: readonly Column[]): string[] {
  return columns.flatMap((column) => {
    const p = (part: string) => tileColumn(column.name, part);
    const sum = column.kind === 'boolean' ? `sum(${p('sum')})::BIGINT` : `sum(${p('sum')})`;
    const minMax = column.kind === 'boolean' ? [] : [`min(${p('min')})`, `max(${p('max')})`];
    if (column.kind === 'varchar') return [`sum(${p('count')})::BIGINT`, `arg_max(${p('last')}, ${p('last_ts')})`, `max(${p('last_ts')})`];
    return [sum, ...minMax, `sum(${p('count')})::BIGINT`, `arg_max(${p('last')}, ${p('last_ts')})`, `max(${p('last_ts')})`];
  });
}

/** One raw reading seen as a tile of its own, in `tileColumns` order (for the ragged ends of a range). */
export function readingAsTile(columns: readonly Column[]): string[] {
  return columns.flatMap((column) => {
    const c = quoteIdent(column.name);
    const sum = column.kind === 'boolean' ? `${c}::BIGINT` : `${c}::DOUBLE`;
    const minMax = column.kind === 'boolean' ? [] : [c, c];
    if (column.kind === 'varchar') return [`(${c} IS NOT NULL)::BIGINT`, c, `CASE WHEN ${c} IS NOT NULL THEN ts END`];
    return [sum, ...minMax, `(${c} IS NOT NULL)::BIGINT`, c, `CASE WHEN ${c} IS NOT NULL THEN ts END`];
  });
}

/**
 * An aggregate over tiles, equal to the same aggregate over the readings they hold: mean is the sum
 * of sums over the sum of counts, last the value with the greatest time. Boolean aggregates answer as
 * over raw booleans: share of true, min true only if all are, max true if any is.
 */
export function recombine(column: Column, fn: AggregateFn): string {
  const p = (part: string) => tileColumn(column.name, part);
  const count = `sum(${p('count')})`;
  switch (fn) {
    case 'mean':
      return `sum(${p('sum')})::DOUBLE / nullif(${count}, 0)`;
    case 'count':
      return count;
    case 'last':
      return `arg_max(${p('last')}, ${p('last_ts')})`;
    case 'min':
      return column.kind === 'boolean' ? `CASE WHEN ${count} > 0 THEN sum(${p('sum')}) = ${count} END` : `min(${p('min')})`;
    case 'max':
      return column.kind === 'boolean' ? `CASE WHEN ${count} > 0 THEN sum(${p('sum')}) > 0 END` : `max(${p('max')})`;
  }
}
