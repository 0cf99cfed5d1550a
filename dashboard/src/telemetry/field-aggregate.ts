import type { DeviceKind, Reading } from '@kendali/contracts';
import { isStale } from '@kendali/contracts';

export type Combine = 'mean' | 'max';

/** One figure combined from the latest readings of several devices. */
export interface FieldAggregate {
  /** The combined value, or null when no device of the kind reported the field. */
  readonly value: number | null;
  /** False when every contributing value is stale: show it greyed with its age, never as current. */
  readonly current: boolean;
  /** Measurement time of the newest contributing value, ms epoch. */
  readonly newestTs: number | null;
  /** Number of devices that contributed. */
  readonly devices: number;
}

const combiners: Record<Combine, (values: readonly number[]) => number> = {
  mean: (values) => values.reduce((sum, v) => sum + v, 0) / values.length,
  max: (values) => Math.max(...values),
};

/**
 * Combines one numeric field over the latest readings of one device kind. Current values win:
 * stale ones are used only when nothing current is left, and the result is then marked stale.
 */
export function aggregateField(
  readings: Iterable<Reading>,
  kind: DeviceKind,
  field: string,
  combine: Combine,
  now: number,
): FieldAggregate {
  const current: number[] = [];
  const stale: number[] = [];
  let newestCurrent: number | null = null;
  let newestStale: number | null = null;
  for (const reading of readings) {
    const value = reading.kind === kind ? reading.fields[field] : undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (isStale(kind, reading.ts, now)) {
      stale.push(value);
      newestStale = Math.max(newestStale ?? reading.ts, reading.ts);
    } else {
      current.push(value);
      newestCurrent = Math.max(newestCurrent ?? reading.ts, reading.ts);
    }
  }
  if (current.length > 0) {
    return { value: combiners[combine](current), current: true, newestTs: newestCurrent, devices: current.length };
  }
  if (stale.length > 0) {
    return { value: combiners[combine](stale), current: false, newestTs: newestStale, devices: stale.length };
  }
  return { value: null, current: false, newestTs: null, devices: 0 };
}
