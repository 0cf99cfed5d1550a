import { describe, expect, it } from 'vitest';
import { compareRange } from './compare-range';

const at = (iso: string) => Date.parse(iso);

describe('compareRange', () => {
  it('ends at the end of the hour in progress and spans whole hours', () => {
    expect(compareRange('24h', at('2026-11-23T05:20:00Z'))).toEqual({ from: at('2026-11-22T06:00:00Z'), to: at('2026-11-23T06:00:00Z') });
    expect(compareRange('7d', at('2026-11-23T05:20:00Z'))).toEqual({ from: at('2026-11-16T06:00:00Z'), to: at('2026-11-23T06:00:00Z') });
    expect(compareRange('30d', at('2026-11-23T05:20:00Z')).from).toBe(at('2026-10-24T06:00:00Z'));
  });

  it('keeps an hour that has just begun as it is', () => {
    expect(compareRange('24h', at('2026-11-23T06:00:00Z')).to).toBe(at('2026-11-23T06:00:00Z'));
  });
});
