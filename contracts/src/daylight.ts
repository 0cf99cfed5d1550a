import { getTimes } from 'suncalc';
import { wallClockMs } from './city-time';

/**
 * Daylight from the sun, not from fixed hours: sunrise and sunset move through the year and differ
 * between cities (Badung in June sees the sun half an hour later on its clock than in December).
 * Times come from SunCalc (sunrise and sunset when the sun's upper limb touches the horizon, with
 * standard refraction: altitude -0.833°).
 */

/** Where daylight is reckoned: a city's centre is close enough (a few km move sunrise by seconds). */
export interface SunPlace {
  readonly lat: number;
  readonly lon: number;
}

/** Sunrise and sunset of one day, ms epoch; null where the sun does not rise or set that day (polar day or night). */
export interface SunDay {
  readonly sunriseMs: number | null;
  readonly sunsetMs: number | null;
  /** Where neither happens: whether the sun stays up all day. */
  readonly alwaysUp: boolean;
}

/** `day`: well after sunrise and before sunset; `night`: well after sunset or before sunrise; `twilight`: within the margin of either. */
export type Daylight = 'day' | 'night' | 'twilight';

const dayMs = 86_400_000;
const noonMs = 12 * 3_600_000;

// Every street-light reading asks: remember the days asked for (a handful of cities, a few days).
const sunDays = new Map<string, SunDay>();
const sunDaysKept = 256;

/** Sunrise and sunset at `place` on the calendar day of `timeZone` that holds `atMs`. */
export function sunDayAt(atMs: number, place: SunPlace, timeZone: string): SunDay {
  const dayIndex = Math.floor(wallClockMs(atMs, timeZone) / dayMs);
  const key = `${dayIndex}:${place.lat}:${place.lon}`;
  let day = sunDays.get(key);
  if (day === undefined) {
    // Noon UTC of that calendar date anchors SunCalc to the solar day of that date (for any
    // longitude within ±180°, its solar noon falls on that date).
    const times = getTimes(new Date(dayIndex * dayMs + noonMs), place.lat, place.lon);
    day = { sunriseMs: times.sunrise?.getTime() ?? null, sunsetMs: times.sunset?.getTime() ?? null, alwaysUp: times.alwaysUp === true };
    if (sunDays.size >= sunDaysKept) sunDays.clear();
    sunDays.set(key, day);
  }
  return day;
}

/** Whether it is day, night, or within `marginMs` of sunrise or sunset at `place` at `atMs`. */
export function daylightAt(atMs: number, place: SunPlace, timeZone: string, marginMs: number): Daylight {
  const { sunriseMs, sunsetMs, alwaysUp } = sunDayAt(atMs, place, timeZone);
  if (sunriseMs === null || sunsetMs === null) return alwaysUp ? 'day' : 'night';
  if (atMs >= sunriseMs + marginMs && atMs < sunsetMs - marginMs) return 'day';
  if (atMs < sunriseMs - marginMs || atMs >= sunsetMs + marginMs) return 'night';
  return 'twilight';
}
