import type { City, NamedSite, WaterGate } from '@kendali/contracts';

/** The named places of a city the fleet fills first; cities without a list get district-named devices. */
export interface CitySites {
  /** Water gates and posts in the order the city lists them: the gates a control room watches first lead. */
  readonly waterGates: readonly WaterGate[];
  readonly parks: readonly NamedSite[];
  readonly junctions: readonly NamedSite[];
}

export function sitesOf(city: City): CitySites {
  return { waterGates: city.waterGates, parks: city.sites.parks, junctions: city.sites.junctions };
}
