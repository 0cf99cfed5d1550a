import { instantOfWallClock } from '@kendali/contracts';

const unitsMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a duration such as `500ms`, `30s`, `5m`, `1h`, `7d` (the InfluxQL spelling) into milliseconds. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  const [, amount, unit] = match as unknown as [string, string, string];
  return Number(amount) * (unitsMs[unit] ?? Number.NaN);
}

const zonelessIso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?$/;

/**
 * Parses a point in time given as ms epoch digits or ISO 8601. An ISO time without a zone is the
 * city's wall-clock time (WIB), never the server's zone (which `Date.parse` would assume).
 */
export function parseInstantMs(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (zonelessIso.test(text)) {
    const wallMs = Date.parse(text.includes('T') ? `${text}Z` : `${text}T00:00Z`);
    return Number.isNaN(wallMs) ? undefined : instantOfWallClock(wallMs);
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
