import { describe, expect, it } from 'vitest';
import { maxEpochMs, parseDurationMs, parseInstantMs } from './duration';

describe('parseInstantMs', () => {
  it.each([
    ['0', 0],
    ['1795402800000', 1_795_402_800_000],
    ['2026-11-23T10:00:00+07:00', Date.UTC(2026, 10, 23, 3)],
    ['2026-11-23T03:00Z', Date.UTC(2026, 10, 23, 3)],
    ['2026-11-23T03:00:00.250Z', Date.UTC(2026, 10, 23, 3, 0, 0, 250)],
    ['9999-12-31T23:59:59.999Z', maxEpochMs],
    ['253402300799999', maxEpochMs],
  ])('reads %s', (text, ms) => {
    expect(parseInstantMs(text, 'Asia/Jakarta')).toBe(ms);
  });

  it("reads a time without a zone on the city's clock (WIB, WITA), whatever the server's zone", () => {
    expect(parseInstantMs('2026-03-10T10:00', 'Asia/Jakarta')).toBe(Date.parse('2026-03-10T03:00:00Z'));
    expect(parseInstantMs('2026-03-10T10:00:30.5', 'Asia/Jakarta')).toBe(Date.parse('2026-03-10T03:00:30.500Z'));
    expect(parseInstantMs('2026-03-10', 'Asia/Jakarta')).toBe(Date.parse('2026-03-09T17:00:00Z'));
    expect(parseInstantMs('2026-03-10T10:00', 'Asia/Makassar')).toBe(Date.parse('2026-03-10T02:00:00Z'));
    // A zone given in the text wins over the city's.
    expect(parseInstantMs('2026-03-10T10:00+07:00', 'Asia/Makassar')).toBe(Date.parse('2026-03-10T03:00:00Z'));
  });

  it.each([
    ['past 9999', '253402300800000'],
    ['past int64', '99999999999999999999'],
    ['before 1970', '1969-12-31T23:59:59Z'],
    ['a six-digit year', '+275760-09-13T00:00:00Z'],
    ['what Date.parse alone would take', '-5'],
    ['a name of a day', 'Tue, 24 Nov 2026'],
    ['nothing', ''],
    ['a number in another spelling', '1e12'],
    ['a month that does not exist', '2026-13-45T10:00'],
    ['a word', 'yesterday'],
  ])('refuses %s: %s', (_why, text) => {
    expect(parseInstantMs(text, 'Asia/Jakarta')).toBeUndefined();
  });
});

describe('parseDurationMs', () => {
  it('reads InfluxQL durations', () => {
    expect([parseDurationMs('500ms'), parseDurationMs('30s'), parseDurationMs('5m'), parseDurationMs('1h'), parseDurationMs('7d')]).toEqual([500, 30_000, 300_000, 3_600_000, 604_800_000]);
  });

  it('refuses durations longer than 1970 to 9999, and other spellings', () => {
    expect(parseDurationMs('99999999999999999999d')).toBeUndefined();
    expect(parseDurationMs('3000000d')).toBeUndefined();
    expect(parseDurationMs('-5m')).toBeUndefined();
    expect(parseDurationMs('fortnight')).toBeUndefined();
    expect(parseDurationMs('5 minutes')).toBeUndefined();
  });
});
