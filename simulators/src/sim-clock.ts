import { systemClock, type Clock } from '@kendali/contracts';

/**
 * The simulators' clocks. Real time (`wall`, the machine's clock unless another is passed) is the
 * only time the simulators read. Simulated time shapes the day (rush hours, dusk, rain) and runs
 * `speed` times faster than real time (144: a day in 10 minutes). Drill time is real time since
 * the start: scenarios play out on it, at the same pace at any speed. Readings are stamped with
 * real time, because ingest refuses timestamps far from its own clock.
 */
export interface SimClock {
  readonly speed: number;
  readonly startWallMs: number;
  readonly startSimMs: number;
  /** Real time now, ms epoch. */
  wallMs(): number;
  simMs(wallMs: number): number;
  drillMs(wallMs: number): number;
}

export interface SimClockOptions {
  /** Default 1 (real time). */
  readonly speed?: number;
  /** Simulated time at the start (ms epoch); default the real start time. */
  readonly startSimMs?: number;
  readonly startWallMs?: number;
  /** Where real time comes from; default the machine's clock. */
  readonly wall?: Clock;
}

export function createSimClock(options: SimClockOptions = {}): SimClock {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  const wall = options.wall ?? systemClock;
  const startWallMs = options.startWallMs ?? wall.now();
  const startSimMs = options.startSimMs ?? startWallMs;
  return {
    speed,
    startWallMs,
    startSimMs,
    wallMs: () => wall.now(),
    simMs: (wallMs) => startSimMs + (wallMs - startWallMs) * speed,
    drillMs: (wallMs) => wallMs - startWallMs,
  };
}
