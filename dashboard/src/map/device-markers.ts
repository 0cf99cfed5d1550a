import type { Alarm, AlarmSeverity, DeviceKind } from '@kendali/contracts';
import { severityRank } from '@kendali/contracts';
import { isShelved } from '../telemetry/live-alarms';
import type { DeviceSummary } from '../telemetry/live-state';
import { districtKey } from './city-model';
import type { FittedFrame } from './frame-box';
import type { GeoFrame, MapPoint } from './geo-frame';

export interface PlacedDevice {
  readonly id: string;
  readonly kind: DeviceKind;
  /** The district's id, as the frame names it. */
  readonly district: string;
  /** Box units. */
  readonly at: MapPoint;
}

/** Where a district's things go when they have no position of their own, box units, by district id. */
export function innerPoints(frame: GeoFrame, fitted: FittedFrame): Map<string, MapPoint> {
  return new Map(frame.districts.map((d) => [d.id, fitted.toBox(d.inner)]));
}

/**
 * Every device of the room's districts with its spot on the map: its registered position, else a
 * point inside its district. Devices of districts the room does not watch are left out.
 */
export function placeDevices(devices: Iterable<DeviceSummary>, fitted: FittedFrame, inner: ReadonlyMap<string, MapPoint>): PlacedDevice[] {
  const placed: PlacedDevice[] = [];
  for (const device of devices) {
    const district = districtKey(device.district);
    const fallback = inner.get(district);
    if (fallback === undefined) continue;
    const own = device.lat !== null && device.lon !== null ? fitted.project(device.lon, device.lat) : null;
    placed.push({ id: device.id, kind: device.kind, district, at: own ?? fallback });
  }
  return placed;
}

/** An active alarm on the map: at its device, else inside its district; one marker per spot, the worst. */
export interface AlarmSpot {
  readonly id: string;
  readonly severity: AlarmSeverity;
  readonly at: MapPoint;
}

export function alarmSpots(alarms: Iterable<Alarm>, devices: ReadonlyMap<string, PlacedDevice>, inner: ReadonlyMap<string, MapPoint>, now: number): AlarmSpot[] {
  const spots = new Map<string, AlarmSpot>();
  for (const alarm of alarms) {
    if (isShelved(alarm, now)) continue;
    const device = alarm.deviceId === null ? undefined : devices.get(alarm.deviceId);
    const district = alarm.district === null ? undefined : districtKey(alarm.district);
    const at = device?.at ?? (district === undefined ? undefined : inner.get(district));
    if (at === undefined) continue;
    const key = device?.id ?? `district:${district}`;
    const current = spots.get(key);
    if (current === undefined || severityRank[alarm.severity] < severityRank[current.severity]) spots.set(key, { id: key, severity: alarm.severity, at });
  }
  return [...spots.values()].sort((a, b) => severityRank[b.severity] - severityRank[a.severity] || a.id.localeCompare(b.id));
}
