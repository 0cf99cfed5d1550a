import type { DeviceKindSpec } from './field-spec';
import { airQuality } from './kinds/air-quality';
import { streetLight } from './kinds/street-light';
import { traffic } from './kinds/traffic';
import { waterLevel } from './kinds/water-level';
import { wifiAp } from './kinds/wifi-ap';

export const deviceKinds = {
  'air-quality': airQuality,
  'water-level': waterLevel,
  traffic,
  'street-light': streetLight,
  'wifi-ap': wifiAp,
} as const satisfies Record<string, DeviceKindSpec>;

export type DeviceKind = keyof typeof deviceKinds;

export const deviceKindNames = Object.keys(deviceKinds) as DeviceKind[];

export function isDeviceKind(value: unknown): value is DeviceKind {
  return typeof value === 'string' && Object.hasOwn(deviceKinds, value);
}

export function kindSpec(kind: DeviceKind): DeviceKindSpec {
  return deviceKinds[kind];
}

/** The field names a kind defines, in declaration order (also the column order of stores). */
export function fieldNames(kind: DeviceKind): string[] {
  return Object.keys(deviceKinds[kind].fields);
}
