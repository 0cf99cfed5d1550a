import { useEffect, useState } from 'react';
import { systemClock } from '@kendali/contracts';

/** This browser's clock, re-read on every whole second so a clock display ticks on time. */
export function useNow(): number {
  const [now, setNow] = useState(() => systemClock.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const current = systemClock.now();
      setNow(current);
      timer = setTimeout(tick, 1_000 - (current % 1_000) + 5);
    };
    timer = setTimeout(tick, 1_000 - (systemClock.now() % 1_000) + 5);
    return () => clearTimeout(timer);
  }, []);
  return now;
}
