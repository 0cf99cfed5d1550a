import type { Random } from './prng';

/** Waits between reconnection attempts, doubling each time. */
export interface Backoff {
  /** The wait before the next attempt, ms. */
  next(): number;
  /** After a successful connection: start again from the first wait. */
  reset(): void;
}

export interface BackoffOptions {
  /** First wait, ms. */
  readonly initialMs: number;
  /** Longest wait, ms. */
  readonly maxMs: number;
  readonly random: Random;
}

/**
 * Exponential back-off with "equal jitter": attempt n waits between half and all of
 * min(max, initial · 2^n), so a thousand devices dropped at once do not come back in lockstep.
 */
export function exponentialBackoff({ initialMs, maxMs, random }: BackoffOptions): Backoff {
  let attempt = 0;
  return {
    next() {
      const ceilingMs = Math.min(maxMs, initialMs * 2 ** attempt);
      if (ceilingMs < maxMs) attempt++;
      return Math.round(ceilingMs / 2 + random() * (ceilingMs / 2));
    },
    reset() {
      attempt = 0;
    },
  };
}
