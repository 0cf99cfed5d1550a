import { describe, expect, it } from 'vitest';
import { holdFor } from './use-sampled';

describe('holding a value for a period', () => {
  it('takes the first value, keeps it through the period and takes the next one when the period changes', () => {
    const first = holdFor(null, 10, 'a');
    expect(first).toEqual({ period: 10, value: 'a' });
    const same = holdFor(first, 10, 'b');
    expect(same).toBe(first);
    expect(holdFor(same, 11, 'c')).toEqual({ period: 11, value: 'c' });
  });

  it('follows a period that steps back (a server clock corrected) instead of freezing', () => {
    expect(holdFor({ period: 11, value: 'a' }, 10, 'b').value).toBe('b');
  });
});
