import { describe, expect, it } from 'vitest';
import { timingOverrides } from './timing-overrides';

describe('timing overrides', () => {
  it('are none on a page no test script touched, so the defaults stand', () => {
    expect(timingOverrides({})).toEqual({});
    expect(timingOverrides(globalThis)).toEqual({});
  });

  it('take the waits a test script set', () => {
    expect(timingOverrides({ kendaliTimings: { liveSilenceLimitMs: 4_000, readinessRefreshMs: 2_000 } })).toEqual({ liveSilenceLimitMs: 4_000, readinessRefreshMs: 2_000 });
  });

  it('ignore what is not a usable wait, and names they do not know', () => {
    expect(timingOverrides({ kendaliTimings: 'fast' })).toEqual({});
    expect(timingOverrides({ kendaliTimings: null })).toEqual({});
    expect(timingOverrides({ kendaliTimings: { liveSilenceLimitMs: '4000', readinessRefreshMs: Number.NaN } })).toEqual({});
    expect(timingOverrides({ kendaliTimings: { liveSilenceLimitMs: 0, readinessRefreshMs: Number.POSITIVE_INFINITY } })).toEqual({});
    expect(timingOverrides({ kendaliTimings: { liveSilenceLimitMs: 100, retryMs: 1_000 } })).toEqual({});
  });
});
