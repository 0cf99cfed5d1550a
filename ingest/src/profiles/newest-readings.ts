import type { DeviceKind, Reading } from '@kendali/contracts';
import type { TelemetryReads } from '../store/telemetry-store';

const hour = 3_600_000;
/** How far back each look reaches: most kinds report often, so the first hour usually holds enough. */
const lookBackMs = [hour, 24 * hour, 7 * 24 * hour, 31 * 24 * hour, 366 * 24 * hour, Number.POSITIVE_INFINITY];
const pageSize = 1_000; // readings per page read from the store

export interface NewestReadingsQuery {
  readonly kind: DeviceKind;
  readonly deviceIds: readonly string[];
  readonly limit: number;
  /** The end of the range looked at (exclusive), ms epoch. */
  readonly untilMs: number;
}

/**
 * The newest `limit` stored readings of some devices of a kind, newest first. The store hands out
 * readings oldest first, so this looks back over widening stretches of time (each read once) until
 * it holds enough or reaches the epoch; memory stays bounded by twice the limit and a page.
 */
export async function newestStoredReadings(store: Pick<TelemetryReads, 'readings'>, query: NewestReadingsQuery): Promise<Reading[]> {
  if (query.deviceIds.length === 0 || query.limit <= 0) return [];
  let newer: Reading[] = []; // oldest first
  let toMs = query.untilMs;
  for (const back of lookBackMs) {
    if (newer.length >= query.limit || toMs <= 0) break;
    const fromMs = Math.max(0, query.untilMs - back);
    let stretch: Reading[] = [];
    for await (const page of store.readings({ kind: query.kind, deviceIds: query.deviceIds, fromMs, toMs, pageSize })) {
      stretch.push(...page);
      if (stretch.length > 2 * query.limit) stretch = stretch.slice(-query.limit);
    }
    newer = [...stretch, ...newer].slice(-query.limit);
    toMs = fromMs;
  }
  return newer.reverse();
}
