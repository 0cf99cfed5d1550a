import type { CityZone, Clock } from '@kendali/contracts';
import { parseDurationMs, parseInstantMs } from '../duration';
import { apiErrors } from '../errors';

export interface TimeRange {
  readonly fromMs: number;
  readonly toMs: number;
  /** Bucket width; absent for raw readings. */
  readonly everyMs?: number;
}

/**
 * A query's `from`, `to` and `every`, read on the room's clock: a time without a zone is the wall
 * clock of the room's city. `to` defaults to now, `from` to `defaultWindowMs` before it. Each
 * problem is a KENDALI_ERR_RANGE_INVALID naming the parameter and what it takes.
 */
export function parseTimeRange(
  query: { readonly from?: string | undefined; readonly to?: string | undefined; readonly every?: string | undefined },
  { clock, zone, defaultWindowMs }: { readonly clock: Clock; readonly zone: CityZone; readonly defaultWindowMs: number },
): TimeRange {
  const instant = (name: 'from' | 'to', text: string) => {
    const ms = parseInstantMs(text, zone.timeZone);
    if (ms === undefined) {
      throw new apiErrors.KENDALI_ERR_RANGE_INVALID(`"${name}" must be ms epoch or ISO 8601 (without a zone, the city's zone: ${zone.abbreviation}), between 1970 and 9999, got "${text}"`);
    }
    return ms;
  };
  const toMs = query.to === undefined ? clock.now() : instant('to', query.to);
  const fromMs = query.from === undefined ? toMs - defaultWindowMs : instant('from', query.from);
  if (fromMs >= toMs) throw new apiErrors.KENDALI_ERR_RANGE_INVALID('"from" must be before "to"');
  if (query.every === undefined) return { fromMs, toMs };
  const everyMs = parseDurationMs(query.every);
  if (everyMs === undefined || everyMs <= 0) {
    throw new apiErrors.KENDALI_ERR_RANGE_INVALID(`"every" must be a duration such as 30s, 5m or 1h (at most the span of 1970 to 9999), got "${query.every}"`);
  }
  return { fromMs, toMs, everyMs };
}
