import type { DeviceKind, FieldValue } from '@kendali/contracts';
import type { FleetDevice } from './fleet';
import type { Random } from './prng';
import { sampleAirQuality } from './signals/air-quality';
import { fitToSpec } from './signals/bounds';
import type { Sampler } from './signals/sampler';
import { sampleStreetLight } from './signals/street-light';
import { sampleTraffic } from './signals/traffic';
import { sampleWaterLevel } from './signals/water-level';
import { sampleWifiAp } from './signals/wifi-ap';

/** The built-in kinds' signal models; a kind defined later gets plausible values within its ranges. */
const samplers: Readonly<Record<DeviceKind, Sampler>> = {
  'air-quality': sampleAirQuality,
  'water-level': sampleWaterLevel,
  traffic: sampleTraffic,
  'street-light': sampleStreetLight,
  'wifi-ap': sampleWifiAp,
};

/**
 * One plausible reading for a device at `atMs` (simulated ms epoch): every field of its kind,
 * within the contract's range, integers as integers. The shape of the day follows the device's city clock, the weather
 * (rain spells, rivers) follows `weatherSeed`; `random` adds noise, so a seeded generator replays
 * the same values.
 */
export function sampleReading(device: FleetDevice, atMs: number, random: Random, weatherSeed = 1): Record<string, FieldValue> {
  const sampler = samplers[device.kind];
  if (sampler === undefined) throw new Error(`the simulators have no signal model for kind ${device.kind}`);
  return fitToSpec(device.kind, sampler(device, { atMs, seed: weatherSeed }, random));
}
