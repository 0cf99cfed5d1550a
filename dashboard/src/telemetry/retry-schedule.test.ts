import { describe, expect, it } from 'vitest';
import { createRetrySchedule, liveRetryBackoff } from './retry-schedule';

const waits = (schedule: { next(): number }, count: number) => Array.from({ length: count }, () => schedule.next());

describe('retry schedule', () => {
  it('retries the live stream after 0.5 s, then doubles the wait up to 5 s', () => {
    const schedule = createRetrySchedule(liveRetryBackoff, () => 0);
    expect(waits(schedule, 7)).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
  });

  it('starts again from the first wait once the server answered', () => {
    const schedule = createRetrySchedule(liveRetryBackoff, () => 0);
    waits(schedule, 5);
    schedule.reset();
    expect(waits(schedule, 3)).toEqual([500, 1_000, 2_000]);
  });

  it('stays at its longest wait however long the server is away', () => {
    const schedule = createRetrySchedule({ firstMs: 500, mostMs: 3_000 }, () => 0);
    expect(waits(schedule, 10_000).at(-1)).toBe(3_000);
  });

  it('shortens each wait by up to a fifth, never lengthens it', () => {
    const soonest = createRetrySchedule(liveRetryBackoff, () => 0.999_999);
    expect(waits(soonest, 6)).toEqual([400, 800, 1_600, 3_200, 4_000, 4_000]);
    const draws = [0.5, 0.25];
    const halfway = createRetrySchedule(liveRetryBackoff, () => draws.shift() ?? 0);
    expect(waits(halfway, 3)).toEqual([450, 950, 2_000]);
  });

  it('refuses a back-off that cannot be followed', () => {
    expect(() => createRetrySchedule({ firstMs: 0, mostMs: 5_000 })).toThrow(RangeError);
    expect(() => createRetrySchedule({ firstMs: 5_000, mostMs: 500 })).toThrow(RangeError);
    expect(() => createRetrySchedule({ firstMs: Number.NaN, mostMs: 5_000 })).toThrow(RangeError);
  });
});
