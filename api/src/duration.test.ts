import { describe, expect, it } from 'vitest';
import { parseDurationMs, parseInstantMs } from './duration';

describe('parseInstantMs', () => {
  it('reads ms epoch and ISO 8601 with a zone as given', () => {
    expect(parseInstantMs('1773115200000')).toBe(1_773_115_200_000);
    expect(parseInstantMs('2026-03-10T03:00:00Z')).toBe(Date.parse('2026-03-10T03:00:00Z'));
    expect(parseInstantMs('2026-03-10T10:00:00+07:00')).toBe(Date.parse('2026-03-10T03:00:00Z'));
  });

  it("reads a time without a zone on the city's clock (WIB), whatever the server's zone", () => {
    expect(parseInstantMs('2026-03-10T10:00')).toBe(Date.parse('2026-03-10T03:00:00Z'));
    expect(parseInstantMs('2026-03-10T10:00:30.5')).toBe(Date.parse('2026-03-10T03:00:30.500Z'));
    expect(parseInstantMs('2026-03-10')).toBe(Date.parse('2026-03-09T17:00:00Z'));
  });

  it('refuses what is no time', () => {
    expect(parseInstantMs('yesterday')).toBeUndefined();
    expect(parseInstantMs('2026-13-45T10:00')).toBeUndefined();
  });
});

describe('parseDurationMs', () => {
  it('reads the InfluxQL spellings', () => {
    expect(parseDurationMs('30s')).toBe(30_000);
    expect(parseDurationMs('1h')).toBe(3_600_000);
    expect(parseDurationMs('5 minutes')).toBeUndefined();
  });
});
