/** Time of day in Western Indonesia Time (WIB, UTC+7, no daylight saving), where the city lives. */
const wibOffsetMs = 7 * 3_600_000;
const dayMs = 86_400_000;

/** Hour of the day in WIB as a fraction in [0, 24), e.g. 18.5 for 18:30 WIB. */
export function wibHourOfDay(atMs: number): number {
  const msIntoDay = (((atMs + wibOffsetMs) % dayMs) + dayMs) % dayMs;
  return msIntoDay / 3_600_000;
}

/** Saturday or Sunday in WIB. */
export function isWibWeekend(atMs: number): boolean {
  const weekday = new Date(atMs + wibOffsetMs).getUTCDay();
  return weekday === 0 || weekday === 6;
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

/** Days since 1 January 1970 in WIB: the index of the WIB calendar day holding `atMs`. */
export function wibDayIndex(atMs: number): number {
  return Math.floor((atMs + wibOffsetMs) / dayMs);
}
