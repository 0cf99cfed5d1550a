import { cityZone } from '@kendali/contracts';

/** Numbers, times and ages in the reader's locale; times always in WIB, the city's zone. */
export interface Formatters {
  /** A number with a fixed count of decimals, so a value's width changes only with its magnitude. */
  number(value: number, fractionDigits?: number): string;
  /** Clock time, hours to seconds, WIB. */
  clock(at: number): string;
  /** Weekday and date with a short month, WIB. */
  date(at: number): string;
  /** Hours and minutes, WIB, for chart axes. */
  shortTime(at: number): string;
  /** Day, month, hours and minutes, WIB: audit trails and history axes. */
  dateTime(at: number): string;
  /** Day and short month, WIB, for axes spanning days. */
  shortDate(at: number): string;
  /** How long ago, e.g. "5 mnt lalu" / "5 min ago". */
  age(ms: number): string;
}

const cityTimeZone = cityZone.timeZone; // never the browser's zone

const second = 1_000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

export function createFormatters(locale: string): Formatters {
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
