import { describe, expect, it } from 'vitest';
import { compactAge } from './compact-age';

describe('compactAge', () => {
  it('writes seconds, minutes, hours and days in each language', () => {
    expect(compactAge(12_400, 'id')).toBe('12 d lalu');
    expect(compactAge(12_400, 'en')).toBe('12 s ago');
    expect(compactAge(5 * 60_000 + 59_000, 'id')).toBe('5 mnt lalu');
    expect(compactAge(3 * 3_600_000, 'en')).toBe('3 h ago');
    expect(compactAge(47 * 3_600_000, 'id')).toBe('47 j lalu');
    expect(compactAge(12 * 86_400_000, 'id')).toBe('12 hr lalu');
    expect(compactAge(12 * 86_400_000, 'en')).toBe('12 d ago');
  });

  it('changes unit exactly at the boundary', () => {
    expect(compactAge(59_999, 'en')).toBe('59 s ago');
    expect(compactAge(60_000, 'en')).toBe('1 min ago');
  });

  it('counts a future time (device clock ahead) as just now', () => {
    expect(compactAge(-3_000, 'en')).toBe('0 s ago');
  });
});
