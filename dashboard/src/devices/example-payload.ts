import type { DeviceKind, DeviceKindSpec, FieldSpec, FieldValue } from '@kendali/contracts';

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

/** A value inside the field's range: the middle of it, or its one bound, or 1; a string field's first value. */
function plausible(field: FieldSpec): FieldValue {
  if (field.type === 'boolean') return false;
  if (field.type === 'string') return field.values?.[0] ?? '';
  const middle = field.min !== undefined && field.max !== undefined ? (field.min + field.max) / 2 : (field.min ?? field.max ?? 1);
  return field.type === 'integer' ? Math.round(middle) : middle;
}

/**
 * The example for a kind: the written one for a built-in kind, else one made from the kind's
 * profile (every field, in its range); empty for a kind the dashboard does not know.
 */
export function examplePayload(kind: DeviceKind, spec: DeviceKindSpec | undefined): Readonly<Record<string, FieldValue>> {
  const written = examplePayloads[kind];
  if (written !== undefined && (spec === undefined || Object.keys(written).every((field) => field in spec.fields))) return written;
  return Object.fromEntries(Object.entries(spec?.fields ?? {}).map(([name, field]) => [name, plausible(field)]));
}

/** The payload as a device sends it, written the way people read JSON: `{"waterLevelCm": 212.5}`. */
export function examplePayloadJson(kind: DeviceKind, spec?: DeviceKindSpec): string {
  const entries = Object.entries(examplePayload(kind, spec)).map(([field, value]) => `${JSON.stringify(field)}: ${JSON.stringify(value)}`);
  return `{${entries.join(', ')}}`;
}
