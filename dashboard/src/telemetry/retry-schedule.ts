/** How long a page waits between attempts to reach a server that did not answer. */
export interface RetryBackoff {
  /** The wait before the first retry, ms: short, because most failures are a blip (a proxy's 502 while a node restarts). */
  readonly firstMs: number;
  /** The longest wait, ms, however long the server stays away: the page keeps asking at this pace. */
  readonly mostMs: number;
}

/** The live stream's and the device list's: 0.5 s, 1 s, 2 s, 4 s, then every 5 s. */
export const liveRetryBackoff: RetryBackoff = Object.freeze({ firstMs: 500, mostMs: 5_000 });

/**
 * Each wait is shortened by up to this share at random, so the walls and consoles of a room that
 * lost the server together do not all knock again in the same instant when it returns. Only
 * shortened: the schedule's waits stay the longest a page ever waits.
 */
const jitterShare = 0.2;

export interface RetrySchedule {
  /** The wait before the next attempt, ms: double the one before, up to `mostMs`. */
  next(): number;
  /** The server answered: the next failure is retried after `firstMs` again. */
  reset(): void;
}

/** `random` gives a number in [0, 1), as Math.random does; a test passes its own to know the waits. */
export function createRetrySchedule(backoff: RetryBackoff, random: () => number = Math.random): RetrySchedule {
  if (!(backoff.firstMs > 0) || !(backoff.mostMs >= backoff.firstMs)) throw new RangeError(`a retry back-off needs 0 < firstMs <= mostMs, got ${backoff.firstMs} and ${backoff.mostMs}`);
  let failures = 0;
  return {
    next() {
      // The exponent stops growing once the wait is long capped: a page that retried for days stays at mostMs.
      const waitMs = Math.min(backoff.firstMs * 2 ** Math.min(failures, 30), backoff.mostMs);
      failures += 1;
      return Math.round(waitMs * (1 - jitterShare * random()));
    },
    reset() {
      failures = 0;
    },
  };
}
