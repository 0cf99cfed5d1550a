import { kotaTangerangWaterGates, waterGatesOf } from '@kendali/contracts';
import type { WaterGate } from '@kendali/contracts';
import { kotaTangerangJunctions, kotaTangerangParks } from './kota-tangerang-sites';

/** A named place devices are installed at: a park, a junction. */
export interface NamedSite {
  readonly id: string;
  readonly name: string;
  /** Kecamatan, as in the contracts' places. */
  readonly district: string;
  readonly lat: number;
  readonly lon: number;
}

/** The named places of a city the fleet fills first; cities without a list get district-named devices. */
export interface CitySites {
  /** Water gates and posts, the gates the control room watches first. */
  readonly waterGates: readonly WaterGate[];
  readonly parks: readonly NamedSite[];
  readonly junctions: readonly NamedSite[];
}

// Small fleets get the gates a control room watches first.
const firstGateIds = ['pintu-air-10', 'kali-ledug'];

const kotaTangerangSites: CitySites = {
  waterGates: [
    ...firstGateIds.flatMap((id) => kotaTangerangWaterGates.filter((gate) => gate.id === id)),
    ...kotaTangerangWaterGates.filter((gate) => !firstGateIds.includes(gate.id)),
  ],
  parks: kotaTangerangParks,
  junctions: kotaTangerangJunctions,
};

export function sitesOf(cityId: string): CitySites {
  if (cityId === 'kota-tangerang') return kotaTangerangSites;
  return { waterGates: waterGatesOf(cityId), parks: [], junctions: [] };
}
