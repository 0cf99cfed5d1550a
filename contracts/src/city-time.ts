import type { Shift } from './messages/api-answers';

/**
 * The city's time: clocks, shifts and daylight rules read the city's zone, never the machine's
 * (a server in another zone, or a browser abroad, must still show and reckon the city's WIB, WITA
 * or WIT). Every function takes the zone: a room's zone is its first city's (`City.zone`).
 */
export interface CityZone {
  /** IANA time zone, e.g. `Asia/Jakarta`. */
  readonly timeZone: string;
  /** How people in the city write it after a time, e.g. `WIB`. */
  readonly abbreviation: string;
}

/** Control-room shifts start at these hours of the city's day (07-14, 14-21, 21-07), in order. */
export const shiftStartHours: readonly number[] = Object.freeze([7, 14, 21]);

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const quarterHourMs = 15 * 60_000;

interface ZoneOffsetCache {
  readonly format: Intl.DateTimeFormat;
  quarterHour: number;
  offsetMs: number;
}
const offsetCaches = new Map<string, ZoneOffsetCache>();

/** The zone's offset from UTC at an instant, in ms (WIB: +25,200,000). */
export function zoneOffsetMs(atMs: number, timeZone: string): number {
  let cache = offsetCaches.get(timeZone);
  if (cache === undefined) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    cache = { format, quarterHour: Number.NaN, offsetMs: 0 };
    offsetCaches.set(timeZone, cache);
  }
  // Zones change their offset only on a quarter hour, so one lookup serves the whole quarter hour
  // (alarm rules ask for every reading).
  const quarterHour = Math.floor(atMs / quarterHourMs);
  if (quarterHour !== cache.quarterHour) {
    const startMs = quarterHour * quarterHourMs;
    const part: Record<string, number> = {};
    for (const { type, value } of cache.format.formatToParts(startMs)) part[type] = Number(value);
    const wallMs = Date.UTC(part.year ?? 1970, (part.month ?? 1) - 1, part.day ?? 1, part.hour ?? 0, part.minute ?? 0, part.second ?? 0);
    cache.offsetMs = wallMs - startMs;
    cache.quarterHour = quarterHour;
  }
  return cache.offsetMs;
}

/**
 * The zone's wall-clock reading at an instant, as ms counted as if it were UTC: read it with
 * `getUTCHours()`, `toISOString()` and the like.
 */
export function wallClockMs(atMs: number, timeZone: string): number {
  return atMs + zoneOffsetMs(atMs, timeZone);
}

/** The instant at which the zone's clocks show `wallMs` (a wall-clock reading counted as if UTC). */
export function instantOfWallClock(wallMs: number, timeZone: string): number {
  const guessMs = wallMs - zoneOffsetMs(wallMs, timeZone);
  return wallMs - zoneOffsetMs(guessMs, timeZone);
}

/** Hour of the zone's day at an instant, with minutes as a fraction (18.5 = 18:30). */
export function hourOfDay(atMs: number, timeZone: string): number {
  const wallMs = wallClockMs(atMs, timeZone);
  return (((wallMs % dayMs) + dayMs) % dayMs) / hourMs;
}

/** The operators' shift holding an instant, its bounds taken from the city's clock. */
export function shiftAt(atMs: number, zone: CityZone): Shift {
  const wallMs = wallClockMs(atMs, zone.timeZone);
  const dayStartMs = Math.floor(wallMs / dayMs) * dayMs;
  const hour = (wallMs - dayStartMs) / hourMs;
  const index = shiftStartHours.findLastIndex((start) => hour >= start);
  // Before the first start of the day: the night shift that began the evening before.
  const startDayMs = index === -1 ? dayStartMs - dayMs : dayStartMs;
  const last = shiftStartHours.length - 1;
  const startHour = shiftStartHours[index === -1 ? last : index]!;
  const endHour = index === -1 || index === last ? shiftStartHours[0]! + 24 : shiftStartHours[index + 1]!;
  const pad = (h: number) => String(h % 24).padStart(2, '0');
  return {
    name: `${pad(startHour)}:00-${pad(endHour)}:00 ${zone.abbreviation}`,
    from: instantOfWallClock(startDayMs + startHour * hourMs, zone.timeZone),
    to: instantOfWallClock(startDayMs + endHour * hourMs, zone.timeZone),
  };
}
