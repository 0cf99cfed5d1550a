import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but changing at most once per `intervalMs`: a wall redraws calmly at a steady pace
 * however fast frames arrive, and the newest value is never held back longer than that.
 */
export function useSampled<T>(value: T, intervalMs: number): T {
  const [sampled, setSampled] = useState(value);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    const timer = setInterval(() => setSampled(latest.current), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  // The first value shows at once rather than after a whole interval.
  if (sampled === null || sampled === undefined) return value;
  return sampled;
}

/** A value and the period (e.g. the whole second) it was taken in. */
export interface Held<T> {
  readonly period: number;
  readonly value: T;
}

/** Keeps what is held while the period is the same, else takes `value`: one value per period. */
export function holdFor<T>(held: Held<T> | null, period: number, value: T): Held<T> {
  return held !== null && held.period === period ? held : { period, value };
}

/**
 * `value` as it was on the first render of the current `period`: whatever depends on it (memos,
 * memoised components) is recomputed once per period, not on every redraw in between.
 */
export function useHeldFor<T>(value: T, period: number): T {
  const held = useRef<Held<T> | null>(null);
  held.current = holdFor(held.current, period, value);
  return held.current.value;
}
