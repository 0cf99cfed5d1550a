import type { Transport } from '@influxdata/influxdb-client';
import { requireKind, type AggregateFn, type KindLookup, type FieldValue, type HistoryTier, type Reading } from '@kendali/contracts';
import { chooseTier, tierBucketMs } from '../history-tier';
import type { AcrossAnswer, AcrossQuery, AcrossSeries, HistoryPoint } from '../telemetry-store';
import { deviceCondition, epochMs, fieldValueOf, quoteIdentifier, runInfluxQlStatements, type InfluxSeries } from './influxql';
import { rollupField, type InfluxTiers } from './influx-rollups';
import { addPiece, addReading, emptyPartial, finish, groupOf, partsFor, type BucketPartial } from './rollup-partials';

const groupTag = { device: 'deviceId', district: 'district', kind: null } as const;
/** Buckets whose stored `last` is looked up to order it against a waiting reading; past this, the waiting reading wins. */
const maxLastLookups = 32;

/** One stretch of the range and the tier that answers it. */
interface Piece {
  readonly tier: HistoryTier;
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * Splits [from, to) between tiers: whole buckets of the tier before its watermark (what its
 * continuous query or a rebuild already rolled up), the rest — a head or tail off its grid, and
 * the recent part not rolled up yet — by the next finer tier, down to raw readings.
 */
export function planPieces(fromMs: number, toMs: number, tiers: readonly { readonly tier: Exclude<HistoryTier, 'raw'>; readonly watermarkMs: number | undefined }[]): Piece[] {
  if (fromMs >= toMs) return [];
  const [first, ...finer] = tiers;
  if (first === undefined) return [{ tier: 'raw', fromMs, toMs }];
  const width = tierBucketMs[first.tier];
  const start = Math.ceil(fromMs / width) * width;
  const end = Math.min(Math.floor(toMs / width) * width, first.watermarkMs ?? Number.NEGATIVE_INFINITY);
  if (start >= end) return planPieces(fromMs, toMs, finer);
  return [...planPieces(fromMs, start, finer), { tier: first.tier, fromMs: start, toMs: end }, ...planPieces(end, toMs, finer)];
}

interface AcrossContext {
  readonly transport: Transport;
  readonly database: string;
  readonly tiers: InfluxTiers;
  readonly kinds: KindLookup;
  /** false while InfluxDB cannot be reached: the answer holds the waiting readings alone. */
  readonly stored: boolean;
}

/** Several fields of many devices in buckets (or raw), grouped, from the tiers and the readings still waiting. */
export async function influxAcross(context: AcrossContext, query: AcrossQuery, waiting: readonly Reading[]): Promise<AcrossAnswer> {
  const spec = requireKind(context.kinds, query.kind);
  for (const field of query.fields) if (!Object.hasOwn(spec.fields, field)) throw new Error(`device kind ${query.kind} has no field ${field}`);
  const tier = query.everyMs === undefined || !context.tiers.rollupsReadable || !context.stored ? 'raw' : chooseTier(query);
  if (query.deviceIds.length === 0 || query.fields.length === 0) return { tier, series: [] };
  if (query.everyMs === undefined) return { tier, series: await rawSeries(context, query, waiting) };
  const rollups = tier === '1h' ? (['1h', '1m'] as const) : tier === '1m' ? (['1m'] as const) : [];
  const watermarks = await Promise.all(rollups.map(async (one) => ({ tier: one, watermarkMs: await context.tiers.watermark(one, query.kind) })));
  const pieces = context.stored ? planPieces(Math.floor(query.fromMs), Math.ceil(query.toMs), watermarks) : [];
  return { tier, series: await bucketedSeries(context, query, pieces, waiting) };
}

const where = (query: AcrossQuery, fromMs: number, toMs: number) => `WHERE ${deviceCondition(query.deviceIds)} AND time >= ${epochMs(fromMs)} AND time < ${epochMs(toMs)}`;

/** Raw readings, one series per device and field, oldest first, `limit` per series. */
async function rawSeries(context: AcrossContext, query: AcrossQuery, waiting: readonly Reading[]): Promise<AcrossSeries[]> {
  const columns = query.fields.map(quoteIdentifier).join(', ');
  const statement = `SELECT ${columns} FROM ${context.tiers.measurement('raw', query.kind)} ${where(query, query.fromMs, query.toMs)} GROUP BY "deviceId" ORDER BY time ASC LIMIT ${query.limit}`;
  const [series = []] = context.stored ? await runInfluxQlStatements(context.transport, context.database, [statement]) : [];
  // Per device: time -> field values, the waiting readings' fields replacing the stored ones.
  const byDevice = new Map<string, Map<number, Record<string, FieldValue | null>>>();
  const rowsOf = (device: string) => byDevice.get(device) ?? byDevice.set(device, new Map()).get(device)!;
  for (const one of series) {
    const rows = rowsOf(one.tags?.deviceId ?? '');
    for (const row of one.values) {
      const values: Record<string, FieldValue | null> = {};
      query.fields.forEach((field, i) => (values[field] = fieldValueOf(row[i + 1])));
      rows.set(Number(row[0]), values);
    }
  }
  for (const reading of waiting) {
    const rows = rowsOf(reading.deviceId);
    rows.set(reading.ts, { ...rows.get(reading.ts), ...reading.fields });
  }
  const result: AcrossSeries[] = [];
  for (const device of [...byDevice.keys()].sort()) {
    const times = [...(byDevice.get(device) as Map<number, Record<string, FieldValue | null>>)].sort((a, b) => a[0] - b[0]);
    for (const field of query.fields) {
      const points: HistoryPoint[] = [];
      for (const [t, values] of times) {
        const v = values[field];
        if (v !== null && v !== undefined && points.length < query.limit) points.push({ t, value: v });
      }
      if (points.length > 0) result.push({ group: device, field, fn: null, points });
    }
  }
  return result;
}

/** Partials per group, bucket start and field. */
type Partials = Map<string, Map<number, Map<string, BucketPartial>>>;

function partialOf(partials: Partials, group: string, t: number, field: string): BucketPartial {
  let buckets = partials.get(group);
  if (buckets === undefined) partials.set(group, (buckets = new Map()));
  let fields = buckets.get(t);
  if (fields === undefined) buckets.set(t, (fields = new Map()));
  let partial = fields.get(field);
  if (partial === undefined) fields.set(field, (partial = emptyPartial()));
  return partial;
}

async function bucketedSeries(context: AcrossContext, query: AcrossQuery, pieces: readonly Piece[], waiting: readonly Reading[]): Promise<AcrossSeries[]> {
  const every = Math.max(1, Math.round(query.everyMs as number));
  const offset = (((query.originMs ?? 0) % every) + every) % every;
  const tag = groupTag[query.groupBy];
  const groupBy = `GROUP BY time(${every}ms, ${offset}ms)${tag === null ? '' : `, ${quoteIdentifier(tag)}`} fill(none)`;
  const fieldTypes = requireKind(context.kinds, query.kind).fields;
  const typeOf = (field: string) => fieldTypes[field]?.type ?? 'number';
  const partials: Partials = new Map();
  const groupOfSeries = (series: InfluxSeries) => (tag === null ? query.kind : (series.tags?.[tag] ?? ''));

  for (const piece of pieces) {
    const selects: string[] = [];
    const columns: { field: string; part: keyof Parameters<typeof addPiece>[1] }[] = [];
    const trueStatements: { field: string; statement: string }[] = [];
    const from = context.tiers.measurement(piece.tier, query.kind);
    for (const field of query.fields) {
      const parts = partsFor(query.fns, typeOf(field));
      const column = quoteIdentifier(field);
      const add = (expression: string, part: (typeof columns)[number]['part']) => {
        selects.push(`${expression} AS "p${columns.length}"`);
        columns.push({ field, part });
      };
      if (piece.tier === 'raw') {
        add(`count(${column})`, 'count');
        if (parts.has('sum')) add(`sum(${column})`, 'sum');
        if (parts.has('min')) add(`min(${column})`, 'min');
        if (parts.has('max')) add(`max(${column})`, 'max');
        if (parts.has('last')) add(`last(${column})`, 'last');
        if (parts.has('true')) trueStatements.push({ field, statement: `SELECT count(${column}) AS "p" FROM ${from} ${where(query, piece.fromMs, piece.toMs)} AND ${column} = true ${groupBy}` });
      } else {
        add(`sum(${rollupField(field, 'count')})`, 'count');
        if (parts.has('sum')) add(`sum(${rollupField(field, 'sum')})`, 'sum');
        if (parts.has('min')) add(`min(${rollupField(field, 'min')})`, 'min');
        if (parts.has('max')) add(`max(${rollupField(field, 'max')})`, 'max');
        if (parts.has('last')) add(`last(${rollupField(field, 'last')})`, 'last');
        if (parts.has('true')) add(`sum(${rollupField(field, 'true')})`, 'trueCount');
      }
    }
    const main = `SELECT ${selects.join(', ')} FROM ${from} ${where(query, piece.fromMs, piece.toMs)} ${groupBy}`;
    const [mainSeries = [], ...trueSeries] = await runInfluxQlStatements(context.transport, context.database, [main, ...trueStatements.map((one) => one.statement)]);
    for (const series of mainSeries) {
      const group = groupOfSeries(series);
      for (const row of series.values) {
        const t = Number(row[0]);
        const byField = new Map<string, Record<string, unknown>>();
        columns.forEach(({ field, part }, i) => {
          const piecesOfField = byField.get(field) ?? byField.set(field, {}).get(field)!;
          piecesOfField[part] = row[i + 1];
        });
        for (const [field, values] of byField) if (Number(values.count ?? 0) > 0) addPiece(partialOf(partials, group, t, field), values);
      }
    }
    trueStatements.forEach(({ field }, i) => {
      for (const series of trueSeries[i] ?? []) {
        for (const row of series.values) addPiece(partialOf(partials, groupOfSeries(series), Number(row[0]), field), { trueCount: row[1] });
      }
    });
  }

  await addWaiting(context, query, { every, offset, partials }, waiting);

  const result: AcrossSeries[] = [];
  for (const group of [...partials.keys()].sort()) {
    const buckets = [...(partials.get(group) as Map<number, Map<string, BucketPartial>>)].sort((a, b) => a[0] - b[0]);
    for (const field of query.fields) {
      for (const fn of query.fns) {
        const points: HistoryPoint[] = [];
        for (const [t, fields] of buckets) {
          const partial = fields.get(field);
          const v = partial === undefined ? null : finish(partial, fn, typeOf(field));
          if (v !== null && points.length < query.limit) points.push({ t, value: v });
        }
        if (points.length > 0) result.push({ group, field, fn, points });
      }
    }
  }
  return result;
}

/** Adds the readings still in the spool; for `last`, looks up the time of the stored last of the buckets they touch. */
async function addWaiting(
  context: AcrossContext,
  query: AcrossQuery,
  grid: { readonly every: number; readonly offset: number; readonly partials: Partials },
  waiting: readonly Reading[],
): Promise<void> {
  if (waiting.length === 0) return;
  const bucketOf = (ts: number) => Math.floor((ts - grid.offset) / grid.every) * grid.every + grid.offset;
  const storedLast = new Map<string, number>();
  if (context.stored && query.fns.includes('last' satisfies AggregateFn)) {
    const touched = [...new Set(waiting.map((reading) => bucketOf(reading.ts)))].slice(0, maxLastLookups);
    const tag = groupTag[query.groupBy];
    const statements: string[] = [];
    const keys: { t: number; field: string }[] = [];
    for (const t of touched) {
      for (const field of query.fields) {
        const bounds = where(query, Math.max(t, query.fromMs), Math.min(t + grid.every, query.toMs));
        statements.push(`SELECT last(${quoteIdentifier(field)}) FROM ${context.tiers.measurement('raw', query.kind)} ${bounds}${tag === null ? '' : ` GROUP BY ${quoteIdentifier(tag)}`}`);
        keys.push({ t, field });
      }
    }
    if (statements.length > 0) {
      const answers = await runInfluxQlStatements(context.transport, context.database, statements);
      answers.forEach((series, i) => {
        const { t, field } = keys[i] as { t: number; field: string };
        for (const one of series) {
          const group = tag === null ? query.kind : (one.tags?.[tag] ?? '');
          const at = one.values[0]?.[0];
          if (at !== undefined) storedLast.set(`${group}\u0000${t}\u0000${field}`, Number(at));
        }
      });
    }
  }
  for (const reading of waiting) {
    const group = groupOf(reading, query.groupBy);
    const t = bucketOf(reading.ts);
    for (const field of query.fields) {
      const v = reading.fields[field];
      if (v === undefined) continue;
      addReading(partialOf(grid.partials, group, t, field), v, reading.ts, storedLast.get(`${group}\u0000${t}\u0000${field}`));
    }
  }
}
