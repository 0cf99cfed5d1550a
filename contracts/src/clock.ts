/**
 * Where every part of Kendali takes the time from. The composition root makes one clock and
 * passes it down; tests pass a manual one, so nothing depends on today's date.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The machine's real-time clock: made once, in the composition root (and in the browser). */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/** A clock that moves only when told to. */
export interface ManualClock extends Clock {
  /** Sets the time, ms epoch. */
  set(atMs: number): void;
  /** Moves the time on by `ms` milliseconds. */
  advance(ms: number): void;
}

export function manualClock(startMs: number): ManualClock {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    set: (atMs) => {
      nowMs = atMs;
    },
    advance: (ms) => {
      nowMs += ms;
    },
  };
}
