import type { WaterGate } from '@kendali/contracts';
import type { FleetDevice } from '../fleet';
import { uniform } from '../prng';
import { deviceTraits } from './device-traits';

const hourMs = 3_600_000;
/** Flood waves travel about 4 km an hour down these lowland rivers (approximate). */
const waveHoursPerKm = 0.25;
/** From rain over the basin to the first post, where the city's gate list does not say (`basinLagHours`): a city drain's. */
const drainBasinLagHours = 0.5;

/** The gate a water-level device stands at (its `gate` metadata), or a generic post of its own for cities without a list. */
export function gateOfDevice(device: FleetDevice): WaterGate {
  if (device.gate) return device.gate;
  const traits = deviceTraits(`post:${device.id}`);
  const normalCm = Math.round(uniform(traits, 150, 200));
  return {
    id: device.id,
    name: device.name,
    river: 'unknown',
    district: device.district,
    lat: device.lat,
    lon: device.lon,
    normalCm,
    siaga3Cm: normalCm + 100,
    siaga2Cm: normalCm + 200,
    siaga1Cm: normalCm + 300,
    riverKm: 0,
  };
}

/** How long after rain over its basin the flood wave reaches this post, in simulated ms: upstream posts first. */
export function riverLagMs(gate: WaterGate): number {
  return ((gate.basinLagHours ?? drainBasinLagHours) + gate.riverKm * waveHoursPerKm) * hourMs;
}

/**
 * The level of a post at an alert stage: 0 = normal, 1 = Siaga 3, 2 = Siaga 2, 3 = Siaga 1,
 * linear between them and beyond Siaga 1 at the Siaga 2 → 1 step.
 */
export function levelAtStageCm(gate: WaterGate, stage: number): number {
  const steps = [gate.normalCm, gate.siaga3Cm, gate.siaga2Cm, gate.siaga1Cm];
  if (stage <= 0) return gate.normalCm + stage * (gate.siaga3Cm - gate.normalCm);
  const band = Math.min(Math.floor(stage), 2);
  const from = steps[band] as number;
  const to = steps[band + 1] as number;
  return from + (stage - band) * (to - from);
}
