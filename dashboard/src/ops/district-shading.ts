import type { Alarm, AlarmSeverity } from '@kendali/contracts';
import { severityRank } from '@kendali/contracts';
import type { StatusLook } from '../status/status-look';
import { markerLook, severityLook } from '../status/status-look';
import { isShelved } from '../telemetry/live-alarms';
import type { DeviceCondition, DeviceSummary } from '../telemetry/live-state';
import type { CityAreas } from './city-areas';
import { districtNamed } from './city-areas';

/** A district's worst state: open alarms beat offline devices, which beat all being well. */
export type DistrictShade =
  | { readonly state: 'alarm'; readonly severity: AlarmSeverity; readonly alarms: number }
  | { readonly state: 'offline'; readonly offline: number }
  | { readonly state: 'ok' };

/** A district's key on the map: two cities may both have a district of one name. */
export const districtMapKey = (cityId: string, districtId: string) => `${cityId}/${districtId}`;

const ok: DistrictShade = { state: 'ok' };

/**
 * Every district of the room's cities with its worst state. An alarm counts in the district it
 * names, else in its device's district; shelved alarms stay out until their time is up.
 */
export function shadeDistricts(
  areas: CityAreas,
  devices: ReadonlyMap<string, DeviceSummary>,
  conditions: ReadonlyMap<string, DeviceCondition>,
  alarms: Iterable<Alarm>,
  now: number,
): Map<string, DistrictShade> {
  const shades = new Map<string, DistrictShade>(areas.areas.map((area) => [districtMapKey(area.cityId, area.district.id), ok]));
  const keyOf = (district: string | null) => {
    const area = districtNamed(areas, district);
    return area === null ? null : districtMapKey(area.cityId, area.district.id);
  };
  for (const [id, condition] of conditions) {
    if (condition.state !== 'offline') continue;
    const key = keyOf(devices.get(id)?.district ?? null);
    const shade = key === null ? undefined : shades.get(key);
    if (key === null || shade === undefined) continue;
    shades.set(key, shade.state === 'offline' ? { state: 'offline', offline: shade.offline + 1 } : { state: 'offline', offline: 1 });
  }
  const alarmed = new Map<string, { severity: AlarmSeverity; alarms: number }>();
  for (const alarm of alarms) {
    if (isShelved(alarm, now)) continue;
    const key = keyOf(alarm.district ?? (alarm.deviceId === null ? null : (devices.get(alarm.deviceId)?.district ?? null)));
    if (key === null) continue;
    const seen = alarmed.get(key);
    const severity = seen === undefined || severityRank[alarm.severity] < severityRank[seen.severity] ? alarm.severity : seen.severity;
    alarmed.set(key, { severity, alarms: (seen?.alarms ?? 0) + 1 });
  }
  for (const [key, { severity, alarms: count }] of alarmed) shades.set(key, { state: 'alarm', severity, alarms: count });
  return shades;
}

/** A district with nothing to report: a quiet slate ring, so the states that matter stand out. */
export const okLook: StatusLook = { colour: '#6d83a8', ink: '#ffffff', shape: 'ring' };

/** Colour and shape of a district's state: the alarm's severity look, the offline cross, or calm. */
export function shadeLook(shade: DistrictShade): StatusLook {
  switch (shade.state) {
    case 'alarm':
      return severityLook(shade.severity);
    case 'offline':
      return markerLook('offline');
    case 'ok':
      return okLook;
  }
}
