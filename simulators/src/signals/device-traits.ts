import { hashString, mulberry32 } from '../prng';
import type { Random } from '../prng';

/**
 * What makes one device differ from its siblings (a station's baseline, a lamp's wattage), drawn
 * from its id so it is the same in every run and every process. Draw traits in a fixed order.
 */
export function deviceTraits(deviceId: string): Random {
  return mulberry32(hashString(`traits:${deviceId}`));
}

// Incommensurate periods, so the sum does not repeat within days.
const slowWavePeriodsMs = [2.7 * 3_600_000, 6.1 * 3_600_000, 15.3 * 3_600_000] as const;

/**
 * A smooth, slowly wandering value in [-1, 1] for one device and one quantity: like a random walk,
 * but a pure function of time, so readings need no per-device state and replay from a seed.
 */
export function slowWave(deviceId: string, quantity: string, atMs: number): number {
  const phases = mulberry32(hashString(`wave:${deviceId}:${quantity}`));
  let sum = 0;
  for (const periodMs of slowWavePeriodsMs) sum += Math.sin((2 * Math.PI * atMs) / periodMs + 2 * Math.PI * phases());
  return sum / slowWavePeriodsMs.length;
}
