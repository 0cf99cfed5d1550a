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
