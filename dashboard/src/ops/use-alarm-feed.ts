import type { Alarm } from '@kendali/contracts';
import { useEffect, useRef } from 'react';
import type { OpenAlarms } from '../telemetry/live-alarms';

const settleMs = 400; // several alarms often change in one burst: reload once

/** Calls `onChange` (debounced) whenever the live feed reports a changed alarm. */
export function useOnAlarmChange(open: OpenAlarms, onChange: () => void): void {
  const first = useRef(true);
  const callback = useRef(onChange);
  callback.current = onChange;
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return undefined;
    }
    const timer = setTimeout(() => callback.current(), settleMs);
    return () => clearTimeout(timer);
  }, [open]);
}

/** The newest copy of an alarm: the live feed's when it has one, else the list's. */
export function freshest(alarm: Alarm, open: OpenAlarms): Alarm {
  const live = open.get(alarm.id);
  return live !== undefined && live.updatedAt >= alarm.updatedAt ? live : alarm;
}
