import { reject, type Rejection } from '../rejection';

export interface TimestampLimits {
  /** How far ahead of Kendali's clock a device's timestamp may be, in milliseconds. */
  readonly maxFutureSkewMs: number;
  /** How old a reading may be and still be accepted (devices that buffered while offline), in milliseconds. */
  readonly maxAgeMs: number;
}

export type TimestampResult = { readonly ok: true; readonly ts: number } | { readonly ok: false; readonly rejection: Rejection };

const iso8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Resolves a reading's `ts`: absent means "now"; a number is milliseconds since the epoch; a string
 * must be ISO 8601 with a zone (a zone-less time is ambiguous between UTC and the city's zone, so it is refused).
 */
export function resolveTimestamp(raw: unknown, nowMs: number, limits: TimestampLimits): TimestampResult {
  let ts: number;
  if (raw === undefined) return { ok: true, ts: nowMs };
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail(`ts ${raw} is not a finite number`);
    // Seconds instead of milliseconds is the commonest firmware mistake; name it.
    if (raw < 1e11) return fail(`ts ${raw} looks like seconds since the epoch; send milliseconds (${raw * 1000})`);
    ts = Math.round(raw);
  } else if (typeof raw === 'string') {
    if (!iso8601.test(raw)) return fail(`ts "${raw}" is not ISO 8601 with a zone, e.g. 2026-11-22T10:00:00+07:00`);
    ts = Date.parse(raw);
    if (Number.isNaN(ts)) return fail(`ts "${raw}" is not a valid date`);
  } else {
    return fail(`ts must be milliseconds since the epoch or an ISO 8601 string, not ${typeof raw}`);
  }
  if (ts > nowMs + limits.maxFutureSkewMs) {
    return fail(`ts ${timeText(ts)} is ${Math.round((ts - nowMs) / 1000)} s in the future; check the device clock (NTP)`);
  }
  if (ts < nowMs - limits.maxAgeMs) {
    return fail(`ts ${timeText(ts)} is older than the ${Math.round(limits.maxAgeMs / 3_600_000)} h Kendali accepts`);
  }
  return { ok: true, ts };
}

/** The time as ISO 8601, or as the number sent when it lies beyond what a date can hold (±8.64e15 ms). */
function timeText(ts: number): string {
  const date = new Date(ts);
  return Number.isNaN(date.getTime()) ? `${ts} ms` : date.toISOString();
}

function fail(message: string): TimestampResult {
  return { ok: false, rejection: reject('KENDALI_ERR_TIMESTAMP', message) };
}
