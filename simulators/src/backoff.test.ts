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

  it('runs drill time `drillPace` times faster than real time, and says when a drill moment comes in real time', () => {
    let nowMs = 1_000_000;
    const clock = createSimClock({ speed: 144, drillPace: 4, startWallMs: 1_000_000, wall: { now: () => nowMs } });
    expect(clock.drillMs(1_000_000 + 5_000)).toBe(20_000); // Siaga 3's moment of the flood, 5 s in
    expect(clock.simMs(1_000_000 + 600_000)).toBe(1_000_000 + 86_400_000); // the day's pace is its own
    expect(clock.realMsUntilDrill(20_000)).toBe(5_000);
    nowMs += 2_000;
    expect(clock.realMsUntilDrill(20_000)).toBe(3_000);
    expect(clock.realMsUntilDrill(4_000)).toBe(0); // passed
    expect(createSimClock({ startWallMs: 0, wall: { now: () => 0 } }).realMsUntilDrill(15_000)).toBe(15_000); // default pace: real time
    expect(() => createSimClock({ drillPace: 0 })).toThrow(/drillPace/);
    expect(() => createSimClock({ drillPace: 21 })).toThrow(/drillPace/);
    expect(() => createSimClock({ drillPace: Number.NaN })).toThrow(/drillPace/);
  });
});
