import { systemClock, type Clock } from '@kendali/contracts';

/**
 * The fastest drill pace: at ×20 the flood's rise to Siaga 3 (4 s to 18 s of drill time) passes in
 * 0.7 s of real time, about the time between two readings of a post at the default rate (1 Hz).
 * Faster, the posts would jump over the stages the drill is there to rehearse.
 */
export const maxDrillPace = 20;

/**
 * The simulators' clocks. Real time (`wall`, the machine's clock unless another is passed) is the
 * only time the simulators read. Simulated time shapes the day (rush hours, dusk, rain) and runs
 * `speed` times faster than real time (144: a day in 10 minutes). Drill time is real time since
 * the start, `drillPace` times faster (default 1: a drill takes as long as the real event); the
 * scenarios play out on it, at the same pace at any speed. Readings are stamped with real time,
 * because ingest refuses timestamps far from its own clock.
 */
export interface SimClock {
  readonly speed: number;
  readonly drillPace: number;
  readonly startWallMs: number;
  readonly startSimMs: number;
  /** Real time now, ms epoch. */
  wallMs(): number;
  simMs(wallMs: number): number;
  drillMs(wallMs: number): number;
  /** Real ms from now until drill time reaches `drillMs` (0 once it has). */
  realMsUntilDrill(drillMs: number): number;
}

export interface SimClockOptions {
  /** Default 1 (real time). */
  readonly speed?: number;
  /** Drill time per real time, above 0 and at most 20 (`maxDrillPace`); default 1. */
  readonly drillPace?: number;
  /** Simulated time at the start (ms epoch); default the real start time. */
  readonly startSimMs?: number;
  readonly startWallMs?: number;
  /** Where real time comes from; default the machine's clock. */
  readonly wall?: Clock;
}

export function createSimClock(options: SimClockOptions = {}): SimClock {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  const drillPace = options.drillPace ?? 1;
  if (!(drillPace > 0 && drillPace <= maxDrillPace)) throw new RangeError(`drillPace must be above 0 and at most ${maxDrillPace}, got ${drillPace}`);
  const wall = options.wall ?? systemClock;
  const startWallMs = options.startWallMs ?? wall.now();
  const startSimMs = options.startSimMs ?? startWallMs;
  const drillMs = (wallMs: number) => (wallMs - startWallMs) * drillPace;
  return {
    speed,
    drillPace,
    startWallMs,
    startSimMs,
    wallMs: () => wall.now(),
    simMs: (wallMs) => startSimMs + (wallMs - startWallMs) * speed,
    drillMs,
    realMsUntilDrill: (untilDrillMs) => Math.max(0, (untilDrillMs - drillMs(wall.now())) / drillPace),
  };
}
