import type { Alarm, AlarmSeverity, DeviceKind, Reading } from '@kendali/contracts';
import { isStale, severityRank } from '@kendali/contracts';
import type { MarkerState } from '../status/status-look';
import { isShelved } from '../telemetry/live-alarms';
import type { DeviceCondition, DeviceSummary } from '../telemetry/live-state';
import type { Point } from './geometry';
import type { CityModel } from './city-model';
import { placeDevice } from './city-model';

export interface PlacedDevice {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly at: Point;
}

/** Every device of the city with its spot on the map; devices of other cities are left out. */
export function placeDevices(model: CityModel, devices: Iterable<DeviceSummary>): PlacedDevice[] {
  const placed: PlacedDevice[] = [];
  for (const device of devices) {
    const at = placeDevice(model, device);
    if (at !== null) placed.push({ id: device.id, kind: device.kind, at });
  }
  return placed;
}

/** The worst open, unshelved alarm severity per device. */
export function alarmSeverityByDevice(alarms: Iterable<Alarm>, now: number): Map<string, AlarmSeverity> {
  const worst = new Map<string, AlarmSeverity>();
  for (const alarm of alarms) {
    if (alarm.deviceId === null || isShelved(alarm, now)) continue;
    const current = worst.get(alarm.deviceId);
    if (current === undefined || severityRank[alarm.severity] < severityRank[current]) worst.set(alarm.deviceId, alarm.severity);
  }
  return worst;
}

/**
 * What a device's marker shows: an alarm beats everything, then offline, then a value too old to be
 * current (stale), then online. A device never heard of yet is unknown.
 */
export function markerState(kind: DeviceKind, condition: DeviceCondition | undefined, latest: Reading | undefined, alarm: AlarmSeverity | undefined, now: number): MarkerState {
  if (alarm !== undefined) return alarm;
  if (condition?.state === 'offline') return 'offline';
  if (latest !== undefined && isStale(kind, latest.ts, now)) return 'stale';
  if (condition?.state === 'online' || latest !== undefined) return 'online';
  return 'unknown';
}

/** Drawing order: calm markers first, alarms last so nothing hides them. */
export const markerPaintOrder: readonly MarkerState[] = ['unknown', 'online', 'stale', 'offline', 'warning', 'minor', 'major', 'critical'];
