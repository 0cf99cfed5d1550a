import type { AreaFigures, ConnectionState, DeviceKind, KindLookup, LiveDevice, LiveFrame, LiveStats, Reading, SiagaThresholds, TrendPoint } from '@kendali/contracts';
import { areaFigures, builtInKinds, extendTrend, mergeTrend, siagaThresholdsOf, trendPoint } from '@kendali/contracts';
import type { OpenAlarms } from './live-alarms';
import { mergeAlarms } from './live-alarms';

// The wall's charts import these from here.

/**
 * The dashboard's picture of the city, built from `GET /api/live/devices` and the frames of
 * `GET /api/live`. Pure: every function returns a new state and never touches the network.
 */

export interface DeviceSummary {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly name: string;
  readonly district: string;
  /** Where it stands, when registered with a position. */
  readonly lat: number | null;
  readonly lon: number | null;
  /** Siaga levels of a water post (a kind with a field of quantity water-level-cm); null for other kinds. */
  readonly siaga: SiagaThresholds | null;
}

export interface DeviceCondition {
  readonly state: ConnectionState;
  readonly lastSeen: number | null;
}

export interface LiveState {
  readonly devices: ReadonlyMap<string, DeviceSummary>;
  /** Newest reading of every device, by device id. */
  readonly latest: ReadonlyMap<string, Reading>;
  readonly conditions: ReadonlyMap<string, DeviceCondition>;
  /** Open alarms, including shelved ones. */
  readonly alarms: OpenAlarms;
  readonly stats: LiveStats | null;
  /** The city's current figures as of the last frame. */
  readonly city: AreaFigures | null;
  /** Sequence number of the last frame applied, or null before the first one on a connection. */
  readonly lastSeq: number | null;
  /** Server time the last applied frame was cut, ms epoch. */
  readonly lastFrameAt: number | null;
  /** Server clock minus this browser's clock, ms: wall PCs are often off by minutes. */
  readonly clockOffsetMs: number;
  /** Rolling window of chart points, oldest first: the server's trend from a snapshot, extended per frame. */
  readonly trend: readonly TrendPoint[];
}

export const emptyLiveState: LiveState = {
  devices: new Map(),
  latest: new Map(),
  conditions: new Map(),
  alarms: new Map(),
  stats: null,
  city: null,
  lastSeq: null,
  lastFrameAt: null,
  clockOffsetMs: 0,
  trend: [],
};

function isNewer(candidate: Reading, current: Reading | undefined): boolean {
  return current === undefined || candidate.ts >= current.ts;
}

function summarize(device: LiveDevice, kinds: KindLookup): DeviceSummary {
  return {
    id: device.id,
    kind: device.kind,
    name: device.name,
    district: device.district,
    lat: device.lat,
    lon: device.lon,
    siaga: siagaThresholdsOf(device.kind, device.metadata, kinds),
  };
}

/**
 * Takes in the device list of `GET /api/live/devices` (or `GET /api/devices`): names, places, conditions and latest readings.
 * `kinds` (the room's, from `GET /api/kinds`) say which devices are water posts.
 */
export function applyDevices(state: LiveState, list: readonly LiveDevice[], kinds: KindLookup = builtInKinds): LiveState {
  const devices = new Map(state.devices);
  const latest = new Map(state.latest);
  const conditions = new Map(state.conditions);
  for (const device of list) {
    devices.set(device.id, summarize(device, kinds));
    if (!conditions.has(device.id)) conditions.set(device.id, { state: device.state, lastSeen: device.lastSeen });
    if (device.latest && isNewer(device.latest, latest.get(device.id))) latest.set(device.id, device.latest);
  }
  return { ...state, devices, latest, conditions };
}

/** A frame that describes every device (the first of a connection, or one after the server skipped frames). */
function isSnapshot(state: LiveState, frame: LiveFrame): boolean {
  return state.lastSeq === null || (frame.stats.devicesTotal > 0 && frame.statuses.length >= frame.stats.devicesTotal);
}

/**
 * Applies one live frame received at `receivedAt` (this browser's clock, ms epoch). Frames whose
 * sequence number is not above the last one applied are ignored (duplicates, out of order). The
 * city's figures count each kind by its fields' quantities, as `kinds` define them.
 */
export function applyFrame(state: LiveState, frame: LiveFrame, receivedAt: number, kinds: KindLookup = builtInKinds): LiveState {
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
          lat: null,
          lon: null,
          siaga: siagaThresholdsOf(reading.kind, undefined, kinds),
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
  const alarms = mergeAlarms(state.alarms, frame.alarms ?? [], isSnapshot(state, frame));
  const city = areaFigures(latest.values(), (id) => devices.get(id)?.siaga ?? null, frame.at, kinds);

  return {
    devices,
    latest,
    conditions,
    alarms,
    stats: frame.stats,
    city,
    lastSeq: frame.seq,
    lastFrameAt: frame.at,
    clockOffsetMs: frame.at - receivedAt,
    // A snapshot brings the server's last 10 minutes, so the charts are full from the first frame.
    trend: extendTrend(frame.trend ? mergeTrend(state.trend, frame.trend) : state.trend, trendPoint(frame.at, city, frame.stats)),
  };
}

/**
 * Forgets the last sequence number: called when a new connection opens, because the server may
 * have restarted and begun counting again.
 */
export function restartSequence(state: LiveState): LiveState {
  return state.lastSeq === null ? state : { ...state, lastSeq: null };
}
