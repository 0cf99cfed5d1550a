import { builtInCities } from './cities/built-in-cities';
import type { WaterGate } from './cities/city-schema';

/**
 * Water gates and water-level posts with their flood alert levels (Siaga), listed in each city's
 * `city.json`, read by the simulators (where water rises) and the alarm rules (which level is reached).
 *
 * Alert levels follow the Indonesian convention: Siaga 4 is normal, Siaga 1 the highest. A post
 * is at Siaga n once its level reaches that threshold (`siagaLevel`).
 */

/** 4 = normal … 1 = highest alert. */
export type SiagaLevel = 4 | 3 | 2 | 1;

/** The alert level a water level stands at: Siaga 1 from `siaga1Cm` up, and so on; below `siaga3Cm`, Siaga 4. */
export function siagaLevel(gate: Pick<WaterGate, 'siaga3Cm' | 'siaga2Cm' | 'siaga1Cm'>, levelCm: number): SiagaLevel {
  if (levelCm >= gate.siaga1Cm) return 1;
  if (levelCm >= gate.siaga2Cm) return 2;
  if (levelCm >= gate.siaga3Cm) return 3;
  return 4;
}

const gatesById = new Map(Object.values(builtInCities).flatMap((city) => city.waterGates.map((gate) => [gate.id, gate] as const)));

/** The water gates and posts of a built-in city (by id); empty where none are listed. */
export function waterGatesOf(cityId: string): readonly WaterGate[] {
  return builtInCities[cityId]?.waterGates ?? [];
}

/** A gate of a built-in city by id (the `gate` metadata of a water-level device), or undefined. */
export function waterGateById(id: string): WaterGate | undefined {
  return gatesById.get(id);
}
