import type { HistoryTier } from '@kendali/contracts';

const minuteMs = 60_000;
const hourMs = 3_600_000;

/** How long each tier keeps what it holds; the hourly roll-up is kept for good. */
export interface RetentionPolicy {
  /** Raw readings, e.g. 30 days. */
  readonly rawMs: number;
  /** 1-minute roll-ups, e.g. 13 months. */
  readonly minuteMs: number;
}

export const defaultRetention: RetentionPolicy = Object.freeze({
  rawMs: 30 * 86_400_000, // 30 days
  minuteMs: 395 * 86_400_000, // 13 months
});

/** Width of each roll-up tier's buckets. */
export const tierBucketMs: Readonly<Record<Exclude<HistoryTier, 'raw'>, number>> = Object.freeze({ '1m': minuteMs, '1h': hourMs });

/**
 * The coarsest tier that answers a bucketed query exactly: its buckets must tile the query's (the
 * query's width a whole multiple, its origin on the tier's grid). Roll-ups keep sum, count, min, max
 * and last per bucket, so mean, min, max, last and count recombine without loss. Raw points, and
 * buckets finer than a minute or off its grid, read raw readings.
 */
export function chooseTier(query: { readonly everyMs?: number; readonly originMs?: number }): HistoryTier {
  const { everyMs } = query;
  if (everyMs === undefined) return 'raw';
  const origin = query.originMs ?? 0;
  const tiles = (tierMs: number) => everyMs % tierMs === 0 && origin % tierMs === 0;
  if (tiles(hourMs)) return '1h';
  if (tiles(minuteMs)) return '1m';
  return 'raw';
}
