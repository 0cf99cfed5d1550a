import type { ConnectionState, DeviceKindSpec, DeviceStatus, FieldSpec, FieldValue, Reading } from '@kendali/contracts';
import type { LiveState } from '../telemetry/live-state';

/** A registered device with its condition as the live stream knows it now. */
export interface DeviceRow {
  readonly device: DeviceStatus;
  readonly state: ConnectionState;
  /** Last time anything was heard from it, ms epoch (server clock), or null if never. */
  readonly lastSeen: number | null;
  readonly latest: Reading | null;
}

const newest = (a: number | null, b: number | null | undefined) => (b === null || b === undefined ? a : a === null ? b : Math.max(a, b));

/**
 * Overlays the live stream on a device as the list answered it: the newer reading wins, the live
 * condition wins once the stream has one, and last-seen is the latest sign of life of either.
 */
export function liveDeviceRow(device: DeviceStatus, live: Pick<LiveState, 'latest' | 'conditions'>): DeviceRow {
  const liveReading = live.latest.get(device.id);
  const latest = liveReading && (device.latest === null || liveReading.ts >= device.latest.ts) ? liveReading : device.latest;
  const condition = live.conditions.get(device.id);
  const state = condition && (device.lastSeen === null || (condition.lastSeen ?? 0) >= device.lastSeen) ? condition.state : device.state;
  const lastSeen = newest(newest(device.lastSeen, condition?.lastSeen), latest?.receivedAt);
  return { device, state, lastSeen, latest };
}

/**
 * The field that says most about a device: its kind's headline; for a kind the dashboard does not
 * know, the first field of its latest reading (shown raw), or '' without one.
 */
export function primaryField(spec: DeviceKindSpec | undefined, latest: Reading | null = null): string {
  return spec?.headline ?? Object.keys(latest?.fields ?? {})[0] ?? '';
}

export function fieldSpec(spec: DeviceKindSpec | undefined, field: string): FieldSpec | undefined {
  return spec?.fields[field];
}

/** Fraction digits to show a reading with: none for integers, up to two otherwise. */
export function readingDigits(spec: FieldSpec | undefined, value: FieldValue): number {
  if (typeof value !== 'number' || spec?.type === 'integer' || Number.isInteger(value)) return 0;
  return Math.abs(value * 10 - Math.round(value * 10)) < 1e-9 ? 1 : 2;
}
