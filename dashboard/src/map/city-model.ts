const knownKeys = new Map<string, string>();
const knownKeysMax = 1_024; // district names of a city or two; a bound in case a stream sends many

/**
 * Readings and devices name their district by name ("Karang Tengah") or id ("karang-tengah").
 * The wall asks for every one of thousands of readings on each redraw, so the few names a city has
 * are remembered.
 */
export function districtKey(nameOrId: string): string {
  const known = knownKeys.get(nameOrId);
  if (known !== undefined) return known;
  const key = nameOrId.trim().toLowerCase().replaceAll(' ', '-');
  if (knownKeys.size >= knownKeysMax) knownKeys.clear();
  knownKeys.set(nameOrId, key);
  return key;
}
