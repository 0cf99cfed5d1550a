import type { CityZone } from '@kendali/contracts';

/** Numbers, times and ages in the reader's locale; times always in the city's zone (WIB, WITA, WIT), never the browser's. */
export interface Formatters {
  /** How the city writes its zone after a time: WIB, WITA, WIT. */
  readonly zone: string;
  /** A number with a fixed count of decimals, so a value's width changes only with its magnitude. */
  number(value: number, fractionDigits?: number): string;
  /** Clock time, hours to seconds, in the city's zone. */
  clock(at: number): string;
  /** Weekday and date with a short month, in the city's zone. */
  date(at: number): string;
  /** Hours and minutes, in the city's zone, for chart axes. */
  shortTime(at: number): string;
  /** Day, month, hours and minutes, in the city's zone: audit trails and history axes. */
  dateTime(at: number): string;
  /** Day and short month, in the city's zone, for axes spanning days. */
  shortDate(at: number): string;
  /** How long ago, e.g. "5 mnt lalu" / "5 min ago". */
  age(ms: number): string;
}

const second = 1_000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/** Formatters for a locale and the room's city zone (never the browser's: a wall PC may be set to anything). */
export function createFormatters(locale: string, zone: CityZone): Formatters {
  const cityTimeZone = zone.timeZone;
  const numberFormats = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    let format = numberFormats.get(digits);
    if (!format) {
      format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
      numberFormats.set(digits, format);
    }
    return format;
  };
  const clock = new Intl.DateTimeFormat(locale, {
    timeZone: cityTimeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  // The month short ("5 Des 2026"): the wall's header keeps it beside the scene's name.
  const date = new Intl.DateTimeFormat(locale, {
    timeZone: cityTimeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  const shortTime = new Intl.DateTimeFormat(locale, {
    timeZone: cityTimeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone: cityTimeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const shortDate = new Intl.DateTimeFormat(locale, { timeZone: cityTimeZone, day: 'numeric', month: 'short' });
  const relative = new Intl.RelativeTimeFormat(locale, { style: 'short', numeric: 'always' });

  return {
    zone: zone.abbreviation,
    number: (value, fractionDigits = 0) => numberFormat(fractionDigits).format(value),
    clock: (at) => clock.format(at),
    date: (at) => date.format(at),
    shortTime: (at) => shortTime.format(at),
    dateTime: (at) => dateTime.format(at),
    shortDate: (at) => shortDate.format(at),
    age: (ms) => {
      if (ms < minute) return relative.format(-Math.floor(ms / second), 'second');
      if (ms < hour) return relative.format(-Math.floor(ms / minute), 'minute');
      if (ms < 2 * day) return relative.format(-Math.floor(ms / hour), 'hour');
      return relative.format(-Math.floor(ms / day), 'day');
    },
  };
}
