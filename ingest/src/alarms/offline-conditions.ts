import type { ConnectionState, Device, DeviceKindSpec, LocalizedText } from '@kendali/contracts';
import type { LiveState } from '../live/live-state';

/** A device's connection state as the live state knows it. */
export type ConnectionStates = Pick<LiveState, 'device'>;
import type { DeviceRegistry } from '../registry/device-registry';
import type { OfflineRule } from '@kendali/contracts';
import { cleared, text, type Condition } from './condition';

/**
 * An offline device's alarm title: as its profile calls such a device (`Wi-Fi mati`), else its
 * kind's label and "offline", else (a kind no profile defines any more) "device offline".
 */
export function offlineTitle(spec: DeviceKindSpec | undefined, deviceName: string): LocalizedText {
  if (spec?.offlineLabels !== undefined) return text(`${spec.offlineLabels.id}: ${deviceName}`, `${spec.offlineLabels.en}: ${deviceName}`);
  if (spec !== undefined) return text(`${spec.label.id} luring: ${deviceName}`, `${spec.label.en} offline: ${deviceName}`);
  return text(`Perangkat luring: ${deviceName}`, `Device offline: ${deviceName}`);
}

/**
 * A device going offline (its will, its status, or silence for k × its interval), and, when enough
 * of its district is offline, one grouped alarm for the district instead of one per device.
 */
export function offlineConditions(
  rule: OfflineRule,
  device: Device,
  spec: DeviceKindSpec | undefined,
  state: ConnectionState,
  registry: DeviceRegistry,
  live: ConnectionStates,
  isOpen: (key: string) => boolean,
): Condition[] {
  const key = `${rule.id}:${device.id}`;
  const conditions: Condition[] = [];
  if (state === 'offline') {
    conditions.push({
      key,
      active: true,
      ruleId: rule.id,
      type: 'offline',
      severity: rule.severity,
      title: offlineTitle(spec, device.name),
      detail: text(`Kecamatan ${device.district}`, `${device.district} district`),
      value: null,
      threshold: null,
      deviceId: device.id,
      district: device.district,
      minDurationMs: rule.minDurationMs,
    });
  } else conditions.push(cleared(key));

  const districtKey = `district-offline:${device.district}`;
  // A device coming back matters to the district only while the district alarm is open.
  if (state !== 'offline' && !isOpen(districtKey)) return conditions;
  let total = 0;
  let offline = 0;
  for (const id of registry.idsInDistrict(device.district)) {
    if (registry.get(id)?.enabled !== true) continue;
    total++;
    if (live.device(id)?.state === 'offline') offline++;
  }
  if (offline >= rule.groupMinDevices && offline / total >= rule.groupDistrictRatio) {
    conditions.push({
      key: districtKey,
      active: true,
      ruleId: rule.id,
      type: 'district-offline',
      severity: 'critical',
      title: text(`Kecamatan ${device.district} luring`, `${device.district} district offline`),
      detail: text(`${offline} dari ${total} perangkat luring`, `${offline} of ${total} devices offline`),
      value: offline,
      threshold: Math.ceil(total * rule.groupDistrictRatio),
      deviceId: null,
      district: device.district,
      minDurationMs: 0,
    });
  } else if (offline < Math.max(1, Math.floor((total * rule.groupDistrictRatio) / 2))) {
    // Hysteresis: the grouped alarm clears only once most of the district is back.
    conditions.push(cleared(districtKey));
  }
  return conditions;
}
