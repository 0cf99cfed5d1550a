import type { DeviceKindSpec } from './field-spec';

/** A value counts as current for this many of its kind's reporting intervals; after that it is stale. */
export const staleAfterIntervals = 3;

type Interval = Pick<DeviceKindSpec, 'expectedIntervalMs'>;

/** How long a value of this kind stays current, in milliseconds. */
export function staleAfterMs(kind: Interval): number {
  return staleAfterIntervals * kind.expectedIntervalMs;
}

/** Age of a value measured at `measuredAt` (ms epoch), never negative (clocks of devices drift). */
export function ageMs(measuredAt: number, now: number): number {
  return Math.max(0, now - measuredAt);
}

/** Whether a value measured at `measuredAt` must be shown as stale (greyed, with its age) at `now`. */
export function isStale(kind: Interval, measuredAt: number, now: number): boolean {
  return ageMs(measuredAt, now) > staleAfterMs(kind);
}
