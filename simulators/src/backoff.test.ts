import { describe, expect, it } from 'vitest';
import { exponentialBackoff } from './backoff';
import { mulberry32 } from './prng';
import { createSimClock } from './sim-clock';

describe('exponentialBackoff', () => {
  it('doubles up to the cap with jitter in the upper half, and starts again after a reset', () => {
    const backoff = exponentialBackoff({ initialMs: 1_000, maxMs: 8_000, random: mulberry32(1) });
    const waits = Array.from({ length: 6 }, () => backoff.next());
    [1_000, 2_000, 4_000, 8_000, 8_000, 8_000].forEach((ceilingMs, index) => {
      expect(waits[index]).toBeGreaterThanOrEqual(ceilingMs / 2);
      expect(waits[index]).toBeLessThanOrEqual(ceilingMs);
    });
    backoff.reset();
    expect(backoff.next()).toBeLessThanOrEqual(1_000);
  });

  it('spreads devices dropped together', () => {
    const firstWaits = Array.from({ length: 50 }, (_, device) => exponentialBackoff({ initialMs: 1_000, maxMs: 60_000, random: mulberry32(device) }).next());
    expect(new Set(firstWaits).size).toBeGreaterThan(40);
  });
});

describe('createSimClock', () => {
  it('runs simulated time `speed` times faster from its start; drill time is real time', () => {
    const clock = createSimClock({ speed: 144, startWallMs: 1_000_000, startSimMs: 5_000_000 });
    expect(clock.simMs(1_000_000 + 600_000)).toBe(5_000_000 + 86_400_000); // 10 minutes: a day
    expect(clock.drillMs(1_000_000 + 600_000)).toBe(600_000);
    expect(() => createSimClock({ speed: 0 })).toThrow(/speed/);
  });
});
