import { describe, expect, it } from 'vitest';
import { chooseTier } from './history-tier';

describe('chooseTier', () => {
  it('reads raw readings for raw points and for buckets finer than a minute or off its grid', () => {
    expect(chooseTier({})).toBe('raw');
    expect(chooseTier({ everyMs: 30_000 })).toBe('raw');
    expect(chooseTier({ everyMs: 90_000 })).toBe('raw');
  });

  it('reads the coarsest roll-up whose buckets tile the query', () => {
    expect(chooseTier({ everyMs: 300_000 })).toBe('1m');
    expect(chooseTier({ everyMs: 86_400_000, originMs: -7 * 3_600_000 })).toBe('1h');
    // A zone half an hour off UTC cannot read days from the hourly tier.
    expect(chooseTier({ everyMs: 86_400_000, originMs: -5.5 * 3_600_000 })).toBe('1m');
  });
});
