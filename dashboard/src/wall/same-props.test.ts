import { describe, expect, it } from 'vitest';
import { sameProps, shallowEqual } from './same-props';

describe('comparing props', () => {
  const trend = [{ at: 1 }];

  it('sees equal inline series and references as the same', () => {
    const a = { trend, endAt: 5_000, series: [{ key: 'wifiClients', label: 'Users', colour: '#5cc8ff' }], references: [] };
    const b = { trend, endAt: 5_000, series: [{ key: 'wifiClients', label: 'Users', colour: '#5cc8ff' }], references: [] };
    expect(sameProps(a, b)).toBe(true);
  });

  it('sees a changed point, time, label or extra series as a change', () => {
    const base = { trend, endAt: 5_000, series: [{ key: 'wifiClients', label: 'Users' }] };
    expect(sameProps(base, { ...base, trend: [...trend] })).toBe(true);
    expect(sameProps(base, { ...base, trend: [{ at: 2 }] })).toBe(false);
    expect(sameProps(base, { ...base, endAt: 6_000 })).toBe(false);
    expect(sameProps(base, { ...base, series: [{ key: 'wifiClients', label: 'Pengguna' }] })).toBe(false);
    expect(sameProps(base, { ...base, series: [...base.series, { key: 'speedMeanKmh', label: 'Speed' }] })).toBe(false);
  });

  it('compares one level deep only, and not across missing or extra keys', () => {
    expect(sameProps({ series: [{ look: { colour: 'a' } }] }, { series: [{ look: { colour: 'a' } }] })).toBe(false);
    expect(sameProps({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
    expect(shallowEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(shallowEqual({ a: Number.NaN }, { a: Number.NaN })).toBe(true);
  });
});
