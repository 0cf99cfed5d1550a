/** The comparison's spans: the last day, week or month, always in hourly buckets. */
export const compareSpans = ['24h', '7d', '30d'] as const;
export type CompareSpan = (typeof compareSpans)[number];

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const spanMs: Readonly<Record<CompareSpan, number>> = { '24h': dayMs, '7d': 7 * dayMs, '30d': 30 * dayMs };

/**
 * Whole hours up to the end of the current one, so the hour in progress is the last bucket and the
 * range moves on only once an hour (one request per hour and choice, not per render). The city's
 * zones (WIB, WITA, WIT) are whole hours from UTC, so these are the city's hours too.
 */
export function compareRange(span: CompareSpan, now: number): { readonly from: number; readonly to: number } {
  const to = Math.ceil(now / hourMs) * hourMs;
  return { from: to - spanMs[span], to };
}
