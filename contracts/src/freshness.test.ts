import { deviceKinds } from './device-kinds';
import { describe, expect, it } from 'vitest';
import { ageMs, isStale, staleAfterMs } from './freshness';

const now = Date.UTC(2025, 10, 22, 3, 0, 0);

describe('staleness rule', () => {
  it('allows three of the kind’s reporting intervals', () => {
    expect(staleAfterMs('air-quality')).toBe(3 * deviceKinds['air-quality'].expectedIntervalMs);
    expect(staleAfterMs('street-light')).toBe(3 * deviceKinds['street-light'].expectedIntervalMs);
  });

  it('keeps a value current up to and including three intervals', () => {
    const limit = staleAfterMs('water-level');
    expect(isStale('water-level', now, now)).toBe(false);
    expect(isStale('water-level', now - limit, now)).toBe(false);
    expect(isStale('water-level', now - limit - 1, now)).toBe(true);
  });

  it('uses each kind’s own interval', () => {
    const fiveMinutesAgo = now - 5 * 60_000;
    // air quality reports every minute: 5 minutes is stale; street lights every 5 minutes: not.
    expect(isStale('air-quality', fiveMinutesAgo, now)).toBe(true);
    expect(isStale('street-light', fiveMinutesAgo, now)).toBe(false);
  });

  it('treats values from the future (device clock ahead) as current, age zero', () => {
    expect(ageMs(now + 30_000, now)).toBe(0);
    expect(isStale('traffic', now + 30_000, now)).toBe(false);
  });
});
