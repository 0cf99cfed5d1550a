import { describe, expect, it } from 'vitest';
import { hourOfDay, instantOfWallClock, shiftAt, wallClockMs, zoneOffsetMs } from './city-time';
import { manualClock } from './clock';

/** An instant given as WIB wall-clock time (UTC+7). */
const wib = (iso: string) => Date.parse(`${iso}+07:00`);
const jakarta = { timeZone: 'Asia/Jakarta', abbreviation: 'WIB' };
const makassar = { timeZone: 'Asia/Makassar', abbreviation: 'WITA' };

describe('shiftAt: shifts 07-14, 14-21 and 21-07 WIB', () => {
  const cases: [at: string, name: string, from: string, to: string][] = [
    ['2026-03-10T06:59:59.999', '21:00-07:00 WIB', '2026-03-09T21:00', '2026-03-10T07:00'],
    ['2026-03-10T07:00:00.000', '07:00-14:00 WIB', '2026-03-10T07:00', '2026-03-10T14:00'],
    ['2026-03-10T13:59:59.999', '07:00-14:00 WIB', '2026-03-10T07:00', '2026-03-10T14:00'],
    ['2026-03-10T14:00:00.000', '14:00-21:00 WIB', '2026-03-10T14:00', '2026-03-10T21:00'],
    ['2026-03-10T20:59:59.999', '14:00-21:00 WIB', '2026-03-10T14:00', '2026-03-10T21:00'],
    ['2026-03-10T21:00:00.000', '21:00-07:00 WIB', '2026-03-10T21:00', '2026-03-11T07:00'],
    ['2026-03-10T23:59:59.999', '21:00-07:00 WIB', '2026-03-10T21:00', '2026-03-11T07:00'],
    // Past midnight WIB (still the previous day in UTC until 07:00 WIB): the shift that began at 21:00 the day before.
    ['2026-03-11T00:00:00.000', '21:00-07:00 WIB', '2026-03-10T21:00', '2026-03-11T07:00'],
    ['2026-03-11T02:00:00.000', '21:00-07:00 WIB', '2026-03-10T21:00', '2026-03-11T07:00'],
    // Across a month and a year.
    ['2027-01-01T02:00:00.000', '21:00-07:00 WIB', '2026-12-31T21:00', '2027-01-01T07:00'],
  ];
  it.each(cases)('%s WIB is in the %s shift from %s to %s', (at, name, from, to) => {
    expect(shiftAt(wib(at), jakarta)).toEqual({ name, from: wib(from), to: wib(to) });
  });

  it('joins shifts without gaps: the previous shift ends where the current one starts', () => {
    const current = shiftAt(wib('2026-03-11T02:00'), jakarta);
    expect(shiftAt(current.from - 1, jakarta)).toEqual({ name: '14:00-21:00 WIB', from: wib('2026-03-10T14:00'), to: current.from });
  });

  it("takes the bounds from the zone it is given, daylight saving included", () => {
    // New York: 9 March 2026 is the first weekday of daylight saving (UTC-4 instead of UTC-5).
    const newYork = { timeZone: 'America/New_York', abbreviation: 'ET' };
    expect(shiftAt(Date.parse('2026-03-09T02:00:00-04:00'), newYork)).toEqual({
      name: '21:00-07:00 ET',
      from: Date.parse('2026-03-08T21:00:00-04:00'),
      to: Date.parse('2026-03-09T07:00:00-04:00'),
    });
    expect(shiftAt(Date.parse('2026-01-09T02:00:00-05:00'), newYork).from).toBe(Date.parse('2026-01-08T21:00:00-05:00'));
  });
});

describe("the city's clock", () => {
  it("reads the city's zone whatever the zone of the machine", () => {
    expect(zoneOffsetMs(Date.parse('2026-07-01T00:00:00Z'), jakarta.timeZone)).toBe(7 * 3_600_000);
    expect(new Date(wallClockMs(wib('2026-03-10T18:30'), jakarta.timeZone)).toISOString()).toBe('2026-03-10T18:30:00.000Z');
    expect(hourOfDay(wib('2026-03-10T18:30'), jakarta.timeZone)).toBe(18.5);
    expect(hourOfDay(wib('2026-03-11T00:15'), jakarta.timeZone)).toBe(0.25);
    // Bali keeps Central Indonesia Time (WITA, UTC+8): the same instant is an hour later there.
    expect(hourOfDay(wib('2026-03-10T18:30'), makassar.timeZone)).toBe(19.5);
  });

  it('starts a WITA shift at 07:00 WITA, 23:00 UTC the day before', () => {
    expect(shiftAt(Date.parse('2026-06-15T01:00:00Z'), makassar)).toEqual({
      name: '07:00-14:00 WITA',
      from: Date.parse('2026-06-14T23:00:00Z'),
      to: Date.parse('2026-06-15T06:00:00Z'),
    });
  });

  it('turns a wall-clock reading back into the instant', () => {
    expect(instantOfWallClock(Date.UTC(2026, 2, 10, 7, 0), jakarta.timeZone)).toBe(wib('2026-03-10T07:00'));
    expect(instantOfWallClock(Date.UTC(2026, 6, 1, 12, 0), 'Europe/Berlin')).toBe(Date.parse('2026-07-01T12:00:00+02:00'));
  });
});

describe('manualClock', () => {
  it('moves only when told to', () => {
    const clock = manualClock(1_000);
    expect(clock.now()).toBe(1_000);
    clock.advance(500);
    expect(clock.now()).toBe(1_500);
    clock.set(42);
    expect(clock.now()).toBe(42);
  });
});
