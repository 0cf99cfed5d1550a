const unitsMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * The latest instant the API takes, ms epoch: the last millisecond of 9999, where ISO 8601's
 * four-digit years end. Times run from the epoch (0) to here; every store holds this range.
 */
export const maxEpochMs = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Parses a duration such as `500ms`, `30s`, `5m`, `1h`, `7d` (the InfluxQL spelling) into
 * milliseconds; none is longer than the whole range of times (from 1970 to 9999).
 */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  const [, amount, unit] = match as unknown as [string, string, string];
  const ms = Number(amount) * (unitsMs[unit] ?? Number.NaN);
  return ms <= maxEpochMs ? ms : undefined;
}

/**
 * ISO 8601 as RFC 3339 writes it: a date (midnight UTC), or a date and time with its zone. A time
 * without a zone would be read in the machine's zone, and Date.parse alone takes anything ("-5" is
 * May 2001), so nothing else is handed to it.
 */
const isoInstant = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** Parses a point in time given as ms epoch digits or ISO 8601; undefined outside 1970 to 9999. */
export function parseInstantMs(text: string): number | undefined {
  const ms = /^\d+$/.test(text) ? Number(text) : isoInstant.test(text) ? Date.parse(text) : Number.NaN;
  return ms >= 0 && ms <= maxEpochMs ? ms : undefined;
}
