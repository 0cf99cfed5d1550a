import type { ConnectionState, DeviceKind, DeviceStatus, LiveFrame, LiveStats, Reading } from '@kendali/contracts';
import { aggregateField } from './field-aggregate';

/**
 * The dashboard's picture of the city, built from `GET /api/devices` and the frames of
 * `GET /api/live`. Pure: every function returns a new state and never touches the network.
 */

export interface DeviceSummary {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly name: string;
  readonly district: string;
}

export interface DeviceCondition {
  readonly state: ConnectionState;
  readonly lastSeen: number | null;
}

/** One point of the live chart. */
export interface TrendPoint {
  /** Start of the point's time bucket, server time, ms epoch. */
  readonly at: number;
  /** Citywide mean of current PM2.5 readings, µg/m³, or null when none is current. */
  readonly pm25MeanUgm3: number | null;
  readonly messagesPerSecond: number;
}

export interface LiveState {
  readonly devices: ReadonlyMap<string, DeviceSummary>;
  /** Newest reading of every device, by device id. */
  readonly latest: ReadonlyMap<string, Reading>;
  readonly conditions: ReadonlyMap<string, DeviceCondition>;
  readonly stats: LiveStats | null;
  /** Sequence number of the last frame applied, or null before the first one on a connection. */
  readonly lastSeq: number | null;
  /** Server time the last applied frame was cut, ms epoch. */
  readonly lastFrameAt: number | null;
  /** Server clock minus this browser's clock, ms: wall PCs are often off by minutes. */
  readonly clockOffsetMs: number;
  /** Rolling window of chart points, oldest first. */
  readonly trend: readonly TrendPoint[];
}

export const trendWindowMs = 10 * 60_000; // 10 minutes shown on the chart
export const trendStepMs = 5_000; // 5 s per point: 120 points, whatever the frame rate

export const emptyLiveState: LiveState = {
  devices: new Map(),
  latest: new Map(),
  conditions: new Map(),
  stats: null,
  lastSeq: null,
  lastFrameAt: null,
  clockOffsetMs: 0,
  trend: [],
};

function isNewer(candidate: Reading, current: Reading | undefined): boolean {
  return current === undefined || candidate.ts >= current.ts;
}

/** Takes in the device list of `GET /api/devices`: names, districts, conditions and latest readings. */
export function applyDevices(state: LiveState, list: readonly DeviceStatus[]): LiveState {
  const devices = new Map(state.devices);
  const latest = new Map(state.latest);
  const conditions = new Map(state.conditions);
  for (const device of list) {
    devices.set(device.id, { id: device.id, kind: device.kind, name: device.name, district: device.district });
    if (!conditions.has(device.id)) conditions.set(device.id, { state: device.state, lastSeen: device.lastSeen });
    if (device.latest && isNewer(device.latest, latest.get(device.id))) latest.set(device.id, device.latest);
  }
  return { ...state, devices, latest, conditions };
}

/**
 * Applies one live frame received at `receivedAt` (this browser's clock, ms epoch). Frames whose
 * sequence number is not above the last one applied are ignored (duplicates, out of order).
 */
export function applyFrame(state: LiveState, frame: LiveFrame, receivedAt: number): LiveState {
  if (state.lastSeq !== null && frame.seq <= state.lastSeq) return state;

  let { devices, latest, conditions } = state;
  if (frame.readings.length > 0) {
    const nextLatest = new Map(latest);
    let nextDevices: Map<string, DeviceSummary> | null = null;
    for (const reading of frame.readings) {
      if (isNewer(reading, nextLatest.get(reading.deviceId))) nextLatest.set(reading.deviceId, reading);
      if (!devices.has(reading.deviceId)) {
        // Registered after the device list was loaded: the reading says enough to place it.
        nextDevices ??= new Map(devices);
        nextDevices.set(reading.deviceId, {
          id: reading.deviceId,
          kind: reading.kind,
          name: reading.deviceId,
          district: reading.district,
        });
      }
    }
    latest = nextLatest;
    devices = nextDevices ?? devices;
  }
  if (frame.statuses.length > 0) {
    const nextConditions = new Map(conditions);
    for (const change of frame.statuses) {
      nextConditions.set(change.deviceId, { state: change.state, lastSeen: change.lastSeen });
    }
    conditions = nextConditions;
  }

  return {
    devices,
    latest,
    conditions,
    stats: frame.stats,
    lastSeq: frame.seq,
    lastFrameAt: frame.at,
    clockOffsetMs: frame.at - receivedAt,
    trend: extendTrend(state.trend, {
      at: Math.floor(frame.at / trendStepMs) * trendStepMs,
      pm25MeanUgm3: currentPm25Mean(latest.values(), frame.at),
      messagesPerSecond: frame.stats.messagesPerSecond,
    }),
  };
}

/**
 * Forgets the last sequence number: called when a new connection opens, because the server may
 * have restarted and begun counting again.
 */
export function restartSequence(state: LiveState): LiveState {
  return state.lastSeq === null ? state : { ...state, lastSeq: null };
}

function currentPm25Mean(readings: Iterable<Reading>, now: number): number | null {
  const aggregate = aggregateField(readings, 'air-quality', 'pm25', 'mean', now);
  return aggregate.current ? aggregate.value : null;
}

/** Replaces the point of the same bucket or appends a new one, and drops what left the window. */
function extendTrend(trend: readonly TrendPoint[], point: TrendPoint): readonly TrendPoint[] {
  const last = trend.at(-1);
  if (last !== undefined && last.at > point.at) return trend; // the server clock stepped back: wait
  const kept = last !== undefined && last.at === point.at ? trend.slice(0, -1) : trend.slice();
  kept.push(point);
  const oldest = point.at - trendWindowMs;
  const firstInside = kept.findIndex((p) => p.at >= oldest);
  return firstInside > 0 ? kept.slice(firstInside) : kept;
}
