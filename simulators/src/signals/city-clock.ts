import { hourOfDay, instantOfWallClock, wallClockMs } from '@kendali/contracts';

/**
 * The simulated city's day, on its own clock (WIB, WITA or WIT: the device's `timeZone`), never the
 * machine's: rush hours, lamps and rain keep the city's hours wherever the simulator runs.
 */

const dayMs = 86_400_000;

/** Hour of the city's day as a fraction in [0, 24), e.g. 18.5 for 18:30. */
export function cityHourOfDay(atMs: number, timeZone: string): number {
  return hourOfDay(atMs, timeZone);
}

/** Saturday or Sunday in the city. */
export function isCityWeekend(atMs: number, timeZone: string): boolean {
  const weekday = new Date(wallClockMs(atMs, timeZone)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Days since 1 January 1970 on the city's calendar: the index of the city's day holding `atMs`. */
export function cityDayIndex(atMs: number, timeZone: string): number {
  return Math.floor(wallClockMs(atMs, timeZone) / dayMs);
}

/** The instant the city's day `dayIndex` begins (its midnight). */
export function cityMidnightMs(dayIndex: number, timeZone: string): number {
  return instantOfWallClock(dayIndex * dayMs, timeZone);
}

/**
 * A daily bump in [0, 1]: 1 at `peakHour`, falling off like a Gaussian of `widthHours`, wrapping
 * round midnight (a 23:00 peak also lifts 01:00).
 */
export function dailyBump(hour: number, peakHour: number, widthHours: number): number {
  const raw = Math.abs(hour - peakHour) % 24;
  const distanceHours = Math.min(raw, 24 - raw);
  return Math.exp(-(distanceHours * distanceHours) / (2 * widthHours * widthHours));
}

/** A day-long cosine in [-1, 1] peaking at `peakHour` (temperature peaks mid-afternoon). */
export function dailyCosine(hour: number, peakHour: number): number {
  return Math.cos((2 * Math.PI * (hour - peakHour)) / 24);
}
