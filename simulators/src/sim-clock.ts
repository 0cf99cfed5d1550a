/**
 * The simulators' two clocks. Simulated time shapes the day (rush hours, dusk, rain) and runs
 * `speed` times faster than real time (144: a day in 10 minutes). Drill time is real time since
 * the start: scenarios play out on it, at the same pace at any speed. Readings are stamped with
 * real time, because ingest refuses timestamps far from its own clock.
 */
export interface SimClock {
  readonly speed: number;
  readonly startWallMs: number;
  readonly startSimMs: number;
  simMs(wallMs: number): number;
  drillMs(wallMs: number): number;
}

export interface SimClockOptions {
  /** Default 1 (real time). */
  readonly speed?: number;
  /** Simulated time at the start (ms epoch); default the real start time. */
  readonly startSimMs?: number;
  readonly startWallMs?: number;
}

export function createSimClock(options: SimClockOptions = {}): SimClock {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  const startWallMs = options.startWallMs ?? Date.now();
  const startSimMs = options.startSimMs ?? startWallMs;
  return {
    speed,
    startWallMs,
    startSimMs,
    simMs: (wallMs) => startSimMs + (wallMs - startWallMs) * speed,
    drillMs: (wallMs) => wallMs - startWallMs,
  };
}
