import type { DeviceKind, FieldValue } from '@kendali/contracts';

/**
 * A plausible reading for each kind, for copy-paste publish examples: required fields first,
 * values inside every field's range (checked against the contracts by the test beside this file).
 */
export const examplePayloads: Readonly<Record<DeviceKind, Readonly<Record<string, FieldValue>>>> = {
  'water-level': { waterLevelCm: 212.5, rainfallMmPerHour: 4.2, batteryV: 12.6 },
  'air-quality': { pm25: 35.2, pm10: 58.4, temperatureC: 31.5, humidityPct: 74 },
  traffic: { vehicleCount: 142, intervalS: 60, occupancy: 0.35, avgSpeedKmh: 27.5, congested: false },
  'street-light': { lampOn: true, dimmingLevel: 0.8, powerW: 96.5, lampFault: false },
  'wifi-ap': { clients: 23, txBps: 18_500_000, rxBps: 4_200_000, channel: 36, cpuLoadPct: 12.5 },
};

/** The payload as a device sends it, written the way people read JSON: `{"waterLevelCm": 212.5}`. */
export function examplePayloadJson(kind: DeviceKind): string {
  const entries = Object.entries(examplePayloads[kind] ?? {}).map(([field, value]) => `${JSON.stringify(field)}: ${JSON.stringify(value)}`);
  return `{${entries.join(', ')}}`;
}
