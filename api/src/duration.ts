import { instantOfWallClock, maxEpochMs } from '@kendali/contracts';

export { maxEpochMs };

const unitsMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

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

/** ISO 8601 without a zone: a date, or a date and time, on the wall clock of the room's city. */
const zonelessIso = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)?$/;
/** ISO 8601 as RFC 3339 writes it, with its zone. */
const zonedIso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses a point in time given as ms epoch digits or ISO 8601; undefined for anything else and
 * outside 1970 to 9999. An ISO time without a zone is the wall-clock time of `timeZone` (the
 * room's city: WIB, WITA, WIT), never the server's zone (which `Date.parse` would assume); Date.parse alone takes anything ("-5" is May
 * 2001), so only these shapes reach it.
 */
export function parseInstantMs(text: string, timeZone: string): number | undefined {
  let ms = Number.NaN;
  if (/^\d+$/.test(text)) ms = Number(text);
  else if (zonedIso.test(text)) ms = Date.parse(text);
  else if (zonelessIso.test(text)) {
    const wallMs = Date.parse(text.includes('T') ? `${text}Z` : `${text}T00:00Z`);
    if (!Number.isNaN(wallMs)) ms = instantOfWallClock(wallMs, timeZone);
  }
  return ms >= 0 && ms <= maxEpochMs ? ms : undefined;
}
