import { instantOfWallClock, wallClockMs } from '@kendali/contracts';

/** The history chart's time ranges: the last hour, day or week, or any span the operator types. */
export const presetRanges = ['1h', '24h', '7d'] as const;
type PresetRange = (typeof presetRanges)[number];
export type HistoryRange = { readonly preset: PresetRange } | { readonly preset: 'custom'; readonly from: number; readonly to: number };

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

const presetSpanMs: Readonly<Record<PresetRange, number>> = { '1h': hour, '24h': day, '7d': 7 * day };

/** Bucket widths the API understands, narrowest first, with their length in ms. */
const buckets = [
  ['10s', 10_000],
  ['30s', 30_000],
  ['1m', minute],
  ['5m', 5 * minute],
  ['15m', 15 * minute],
  ['1h', hour],
  ['6h', 6 * hour],
  ['1d', day],
] as const;

/** A chart as wide as a desk screen shows a few hundred points well; more is noise and traffic. */
export const maxPoints = 300;

/** The narrowest bucket that keeps a span within `maxPoints` (1 h → 30s, 24 h → 5m, 7 d → 1h). */
export function bucketFor(spanMs: number): { readonly every: string; readonly everyMs: number } {
  const [every, everyMs] = buckets.find(([, ms]) => spanMs / ms <= maxPoints) ?? buckets[buckets.length - 1]!;
  return { every, everyMs };
}

export interface ResolvedRange {
  readonly from: number;
  readonly to: number;
  readonly every: string;
  readonly everyMs: number;
}

/** The range as `from`, `to` (ms epoch) and a sensible `every` for `GET /api/telemetry`. */
export function resolveRange(range: HistoryRange, now: number): ResolvedRange {
  const to = range.preset === 'custom' ? Math.max(range.from + minute, range.to) : now;
  const from = range.preset === 'custom' ? range.from : now - presetSpanMs[range.preset];
  return { from, to, ...bucketFor(to - from) };
}

/** `datetime-local` input text (the city's clock, whatever the browser's zone) from ms epoch, and back. */
export function toCityInput(at: number, timeZone: string): string {
  return new Date(wallClockMs(at, timeZone)).toISOString().slice(0, 16);
}
export function fromCityInput(text: string, timeZone: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  return instantOfWallClock(Date.UTC(y, mo - 1, d, h, mi), timeZone);
}
