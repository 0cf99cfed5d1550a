import type { DeviceKind } from '@kendali/contracts';
import { buildFleet } from '@kendali/simulators';

/**
 * The device kinds behind the wall's four live charts (dashboard/src/wall/scenes): environment
 * (PM2.5, ISPU), flood (highest water), mobility (vehicles, speed), Wi-Fi (clients). Street lights
 * feed no chart, only the mobility scene's markers.
 */
export const chartSceneOfKind: Readonly<Partial<Record<DeviceKind, string>>> = {
  'air-quality': 'environment',
  'water-level': 'flood',
  traffic: 'mobility',
  'wifi-ap': 'wifi',
};
const chartKinds = Object.keys(chartSceneOfKind) as DeviceKind[];

export interface WallLoad {
  readonly devices: number;
  /** KENDALI_SIMULATE_RATE: readings per second of every device. */
  readonly ratePerDeviceHz: number;
  /** Devices of each kind in the built-in simulators' fleet. */
  readonly devicesByKind: ReadonlyMap<DeviceKind, number>;
  /** What each kind should send at that rate, readings per second. */
  readonly expectedPerSecondByKind: ReadonlyMap<DeviceKind, number>;
}

/**
 * The per-device rate at which the chart fed by the fewest devices still gets `chartReadingsPerSecond`
 * (the others get more), from the same fleet the platform's simulators build (simulators/src/fleet.ts).
 */
export function wallLoad(devices: number, chartReadingsPerSecond: number): WallLoad {
  const devicesByKind = new Map<DeviceKind, number>();
  for (const device of buildFleet({ devices })) devicesByKind.set(device.kind, (devicesByKind.get(device.kind) ?? 0) + 1);
  const fewest = Math.min(...chartKinds.map((kind) => devicesByKind.get(kind) ?? 0));
  if (fewest === 0) throw new Error(`a fleet of ${devices} devices leaves a wall chart without devices`);
  const ratePerDeviceHz = chartReadingsPerSecond / fewest;
  const expectedPerSecondByKind = new Map([...devicesByKind].map(([kind, count]) => [kind, count * ratePerDeviceHz] as const));
  return { devices, ratePerDeviceHz, devicesByKind, expectedPerSecondByKind };
}
