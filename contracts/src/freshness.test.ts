import { builtInKinds, requireKind } from './device-kinds';

const kind = (id: string) => requireKind(builtInKinds, id);
import { describe, expect, it } from 'vitest';
import { ageMs, isStale, staleAfterMs } from './freshness';

const now = Date.UTC(2025, 10, 22, 3, 0, 0);

describe('staleness rule', () => {
  it('allows three of the kind’s reporting intervals', () => {
    expect(staleAfterMs(kind('air-quality'))).toBe(3 * kind('air-quality').expectedIntervalMs);
    expect(staleAfterMs(kind('street-light'))).toBe(3 * kind('street-light').expectedIntervalMs);
  });

  it('keeps a value current up to and including three intervals', () => {
    const limit = staleAfterMs(kind('water-level'));
    expect(isStale(kind('water-level'), now, now)).toBe(false);
    expect(isStale(kind('water-level'), now - limit, now)).toBe(false);
    expect(isStale(kind('water-level'), now - limit - 1, now)).toBe(true);
  });

  it('uses each kind’s own interval', () => {
    const fiveMinutesAgo = now - 5 * 60_000;
    // air quality reports every minute: 5 minutes is stale; street lights every 5 minutes: not.
    expect(isStale(kind('air-quality'), fiveMinutesAgo, now)).toBe(true);
    expect(isStale(kind('street-light'), fiveMinutesAgo, now)).toBe(false);
  });

  it('treats values from the future (device clock ahead) as current, age zero', () => {
    expect(ageMs(now + 30_000, now)).toBe(0);
    expect(isStale(kind('traffic'), now + 30_000, now)).toBe(false);
  });
});
