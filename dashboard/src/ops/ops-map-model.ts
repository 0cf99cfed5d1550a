import type { DeviceKind, KindLookup } from '@kendali/contracts';
import type { MapPoint } from '../map/geo-frame';
import type { MarkerState } from '../status/status-look';
import type { LiveState } from '../telemetry/live-state';
import type { CityAreas } from './city-areas';
import { placeDevice } from './device-placement';
import { deviceState, markerPaintRank, worstAlarmByDevice } from '../status/device-state';

/** A device on the map: where, and what its marker says. */
export interface DeviceMark {
  readonly id: string;
  readonly name: string;
  readonly kind: DeviceKind;
  readonly district: string;
  readonly at: MapPoint;
  readonly state: MarkerState;
}

/** Where each device of the room's cities is drawn, in map units (devices elsewhere are left out). */
export function placeDevices(areas: CityAreas, project: (lon: number, lat: number) => MapPoint | null, devices: LiveState['devices']): Map<string, MapPoint> {
  const placed = new Map<string, MapPoint>();
  for (const device of devices.values()) {
    const spot = placeDevice(areas, device);
    const at = spot === null ? null : project(spot.lon, spot.lat);
    if (at !== null) placed.set(device.id, at);
  }
  return placed;
}

/** The devices' marks in drawing order: calm first, open alarms last. */
export function deviceMarks(placed: ReadonlyMap<string, MapPoint>, live: Pick<LiveState, 'devices' | 'conditions' | 'latest' | 'alarms'>, kinds: KindLookup, now: number): DeviceMark[] {
  const alarms = worstAlarmByDevice(live.alarms.values(), now);
  const marks: DeviceMark[] = [];
  for (const [id, at] of placed) {
    const device = live.devices.get(id);
    if (device === undefined) continue;
    const state = deviceState(kinds.spec(device.kind), live.conditions.get(id), live.latest.get(id), alarms.get(id), now);
    marks.push({ id, name: device.name, kind: device.kind, district: device.district, at, state });
  }
  return marks.sort((a, b) => markerPaintRank[a.state] - markerPaintRank[b.state]);
}
