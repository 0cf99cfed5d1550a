import { stringFieldAggregates, type AggregateFn, type FieldType, type FieldValue, type Reading } from '@kendali/contracts';
import { fieldValueOf } from './influxql';

/**
 * What a bucket's readings add up to, kept so that pieces of one bucket (a roll-up tier, raw
 * readings after its watermark, readings still in the spool) recombine exactly: means from sums
 * and counts, never from means.
 */
export interface BucketPartial {
  count: number;
  sum: number;
  trueCount: number;
  min: number | null;
  max: number | null;
  last: FieldValue | null;
  /** Time of `last` when known (a reading); null when InfluxDB answered `last` of a bucket. */
  lastTs: number | null;
}

export type PartialPart = 'sum' | 'count' | 'min' | 'max' | 'last' | 'true';

/**
 * The parts a set of aggregates needs; count always (it tells an empty bucket from a zero). A
 * string field has count and last only (InfluxQL has no sum, min or max of strings).
 */
export function partsFor(fns: readonly AggregateFn[], type: FieldType): Set<PartialPart> {
  const parts = new Set<PartialPart>(['count']);
  const isBoolean = type === 'boolean';
  for (const fn of fns) {
    if (fn === 'last') parts.add('last');
    else if (type === 'string') continue;
    else if (fn === 'mean') parts.add(isBoolean ? 'true' : 'sum');
    else if (fn === 'min' || fn === 'max') parts.add(isBoolean ? 'true' : fn);
  }
  return parts;
}

export const emptyPartial = (): BucketPartial => ({ count: 0, sum: 0, trueCount: 0, min: null, max: null, last: null, lastTs: null });

/** Adds a piece read from InfluxDB (pieces come in time order: a later piece's `last` wins). */
export function addPiece(into: BucketPartial, piece: { count?: unknown; sum?: unknown; trueCount?: unknown; min?: unknown; max?: unknown; last?: unknown }): void {
  into.count += Number(piece.count ?? 0);
  into.sum += Number(piece.sum ?? 0);
  into.trueCount += Number(piece.trueCount ?? 0);
  if (piece.min !== null && piece.min !== undefined) into.min = into.min === null ? Number(piece.min) : Math.min(into.min, Number(piece.min));
  if (piece.max !== null && piece.max !== undefined) into.max = into.max === null ? Number(piece.max) : Math.max(into.max, Number(piece.max));
  if (piece.last !== null && piece.last !== undefined) {
    into.last = fieldValueOf(piece.last);
    into.lastTs = null;
  }
}

/** Adds one reading's value; its `last` wins when it is at least as new as the one held (`storedLastTs`: that one's time if looked up). */
export function addReading(into: BucketPartial, value: FieldValue, ts: number, storedLastTs: number | undefined): void {
  into.count++;
  if (typeof value === 'boolean') {
    if (value) into.trueCount++;
  } else if (typeof value === 'number') {
    into.sum += value;
    into.min = into.min === null ? value : Math.min(into.min, value);
    into.max = into.max === null ? value : Math.max(into.max, value);
  }
  const heldTs = into.lastTs ?? storedLastTs ?? Number.NEGATIVE_INFINITY;
  if (into.last === null || ts >= heldTs) {
    into.last = value;
    into.lastTs = ts;
  }
}

/** The aggregate asked for; null for an empty bucket, a part the bucket lacks, or a numeric aggregate of a string field. */
export function finish(partial: BucketPartial, fn: AggregateFn, type: FieldType): FieldValue | null {
  if (partial.count === 0) return null;
  if (type === 'string' && !stringFieldAggregates.includes(fn)) return null;
  const isBoolean = type === 'boolean';
  switch (fn) {
    case 'count':
      return partial.count;
    case 'mean':
      return (isBoolean ? partial.trueCount : partial.sum) / partial.count;
    case 'min':
      return isBoolean ? partial.trueCount === partial.count : partial.min;
    case 'max':
      return isBoolean ? partial.trueCount > 0 : partial.max;
    case 'last':
      return partial.last;
  }
}

/** The group a reading belongs to under a grouping. */
export function groupOf(reading: Reading, groupBy: 'device' | 'district' | 'kind'): string {
  return groupBy === 'device' ? reading.deviceId : groupBy === 'district' ? reading.district : reading.kind;
}
