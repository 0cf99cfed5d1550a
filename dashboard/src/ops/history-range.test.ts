import { describe, expect, it } from 'vitest';
import { bucketFor, fromCityInput, maxPoints, resolveRange, toCityInput } from './history-range';

describe('history ranges', () => {
  const now = Date.UTC(2025, 10, 22, 3, 0, 0);

  it('pick a bucket that keeps a chart within a few hundred points', () => {
    expect(resolveRange({ preset: '1h' }, now)).toMatchObject({ from: now - 3_600_000, to: now, every: '30s' });
    expect(resolveRange({ preset: '24h' }, now).every).toBe('5m');
    expect(resolveRange({ preset: '7d' }, now).every).toBe('1h');
    expect(bucketFor(90 * 86_400_000).every).toBe('1d');
    for (const span of [60_000, 3 * 3_600_000, 3 * 86_400_000]) expect(span / bucketFor(span).everyMs).toBeLessThanOrEqual(maxPoints);
  });

  it('keep a custom span as typed, at least a minute long', () => {
    expect(resolveRange({ preset: 'custom', from: now - 7_200_000, to: now }, now + 999)).toMatchObject({ from: now - 7_200_000, to: now, every: '30s' });
    expect(resolveRange({ preset: 'custom', from: now, to: now - 5 }, now).to).toBe(now + 60_000);
  });

  it('read and write custom times on the city’s clock, WIB or WITA', () => {
    expect(toCityInput(now, 'Asia/Jakarta')).toBe('2025-11-22T10:00');
    expect(fromCityInput('2025-11-22T10:00', 'Asia/Jakarta')).toBe(now);
    expect(toCityInput(now, 'Asia/Makassar')).toBe('2025-11-22T11:00');
    expect(fromCityInput('2025-11-22T11:00', 'Asia/Makassar')).toBe(now);
    expect(fromCityInput('yesterday', 'Asia/Jakarta')).toBeNull();
  });
});
