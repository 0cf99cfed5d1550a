/**
 * Axes of the wall's live charts: a top that leaves some headroom and lands on a round number, and
 * three ticks (0, half, top) that stay put while values wander below the top, so nothing on the
 * chart jumps with every update.
 */

const tickStepMs = 5 * 60_000; // a time label every 5 minutes: two fit at wall type sizes
const tickMarginMs = 90_000; // none near either edge, where half the label would hit an axis or be cut off

/** Ticks on whole 5-minute marks inside the window, so labels do not slide with every update. */
export function timeTicks(start: number, end: number): number[] {
  const ticks: number[] = [];
  for (let at = Math.ceil((start + tickMarginMs) / tickStepMs) * tickStepMs; at <= end - tickMarginMs; at += tickStepMs) ticks.push(at);
  return ticks;
}

/** Round tops per power of ten; each half is round too, so the middle tick reads well. */
const topSteps = [1, 1.2, 1.6, 2, 3, 4, 5, 6, 8, 10] as const;
const headroom = 1.1; // the highest value stays a tenth below the top
const smallestTop = 2; // an axis of zeros still reads 0 / 1 / 2

/** The top of an axis for values up to `max`: at least a tenth higher, rounded up to a round number. */
export function axisTop(max: number): number {
  const target = Math.max(smallestTop, max * headroom);
  const power = 10 ** Math.floor(Math.log10(target));
  // Below 10 only even tops have a whole middle tick.
  const step = topSteps.find((m) => m * power >= target - 1e-9 * power && Number.isInteger(Math.round(m * power * 1e6) / 2e6)) ?? 10;
  return Number((step * power).toPrecision(6));
}

/** The three ticks of an axis from 0 to `top`. */
export function axisTicks(top: number): [number, number, number] {
  return [0, top / 2, top];
}
