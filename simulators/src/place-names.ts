/**
 * Real place names for simulated devices, so the wall reads like the city (DOMAIN.md). Cities
 * without a list here fall back to district names.
 */
export interface CityPlaceNames {
  /** Water-level posts and gates run by the public-works office. */
  readonly waterLevelPosts: readonly string[];
  /** Themed parks with public Wi-Fi. */
  readonly wifiParks: readonly string[];
}

const kotaTangerangNames: CityPlaceNames = {
  waterLevelPosts: [
    'Pintu Air 10',
    'Kali Ledug',
    'Alamanda',
    'Bulakan',
    'Cipulir Estate',
    'Jembatan Polor',
    'Kali Sabi',
    'Puri Kartika',
    'Pintu Air Sarakan',
    'Taman Cibodas',
    'Cirarab',
  ],
  wifiParks: [
    'Taman Potret',
    'Taman Bambu',
    'Kampung Markisa',
    'Taman Laksa',
    'Teras Cisadane',
    'Situ Cipondoh',
    'Kampung Bekelir',
    'Flying Deck',
  ],
};

const placeNamesByCityId: Readonly<Record<string, CityPlaceNames>> = {
  'kota-tangerang': kotaTangerangNames,
};

export function placeNamesFor(cityId: string): CityPlaceNames | undefined {
  return placeNamesByCityId[cityId];
}

/** The ordinal-th name from a list, numbered once the list wraps: "Kali Ledug", …, "Kali Ledug 2". */
export function cycledName(names: readonly string[], ordinal: number): string | undefined {
  const base = names[ordinal % names.length];
  if (base === undefined) return undefined;
  const round = Math.floor(ordinal / names.length);
  return round === 0 ? base : `${base} ${round + 1}`;
}
